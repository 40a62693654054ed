import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DQN_DEFAULTS, DQN_SCHEMA } from '../../src/agents/dqn/config.js';
import { checkValue, configJsonSchema, mergeConfig, type ConfigSchema } from '../../src/core/config.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

interface Toy { rate: number; count: number; mode: 'a' | 'b'; on: boolean; sizes: number[]; name: string }
const TOY_DEFAULTS: Toy = { rate: 0.5, count: 1, mode: 'a', on: true, sizes: [2], name: 'x' };
const TOY: ConfigSchema<Toy> = {
  rate: z.number().gt(0).lt(1), count: z.int().min(0).max(9), mode: z.enum(['a', 'b']), on: z.boolean(), sizes: z.array(z.int().min(1)).min(1), name: z.string(),
};

describe('configs checked by zod schemas', () => {
  it('merges over frozen defaults and names the key, the rule (read off the schema) and the value', () => {
    const c = mergeConfig('toy', TOY_DEFAULTS, TOY, { count: 3 });
    expect(c).toEqual({ ...TOY_DEFAULTS, count: 3 });
    expect(Object.isFrozen(c)).toBe(true);
    const bad: [Partial<Record<keyof Toy, unknown>>, string][] = [
      [{ rate: 1 }, 'toy.rate must be a number > 0 and < 1, got 1'],
      [{ rate: Number.NaN }, 'toy.rate must be a number > 0 and < 1, got NaN'],
      [{ count: 10 }, 'toy.count must be an integer >= 0 and <= 9, got 10'],
      [{ count: 2.5 }, 'toy.count must be an integer >= 0 and <= 9, got 2.5'],
      [{ mode: 'c' }, 'toy.mode must be one of a, b, got "c"'],
      [{ on: 'yes' }, 'toy.on must be true or false, got "yes"'],
      [{ sizes: [] }, 'toy.sizes must be an array of at least 1 numbers, got []'],
      [{ sizes: [3, 0] }, 'toy.sizes[1] must be an integer >= 1, got 0'],
      [{ name: 7 }, 'toy.name must be a string, got 7'],
    ];
    for (const [input, message] of bad) expect(() => mergeConfig('toy', TOY_DEFAULTS, TOY, input)).toThrow(new InvalidArgumentError(message));
    expect(() => mergeConfig('toy', TOY_DEFAULTS, TOY, { speed: 1 })).toThrow(new InvalidArgumentError('toy config has an unknown key "speed"; allowed keys: rate, count, mode, on, sizes, name'));
    expect(() => mergeConfig('toy', TOY_DEFAULTS, TOY, [1])).toThrow(new InvalidArgumentError('toy config must be an object, got [1]'));
    expect(() => checkValue('x', z.int(), 'a')).toThrow(new InvalidArgumentError('x must be an integer, got "a"'));
  });

  it("gives a config's JSON Schema with its defaults and ranges (for forms and docs)", () => {
    const js = configJsonSchema(DQN_SCHEMA, DQN_DEFAULTS) as { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean };
    expect(js.additionalProperties).toBe(false);
    expect(js.properties.gamma).toMatchObject({ type: 'number', minimum: 0, maximum: 1, default: 0.99 });
    expect(js.properties.learningRate).toMatchObject({ default: 1e-4, anyOf: [{ type: 'number', exclusiveMinimum: 0, maximum: 1 }, { oneOf: expect.any(Array) }] });
    expect(js.properties.loss).toMatchObject({ enum: ['huber', 'mse'], default: 'huber' });
    expect(js.properties.exploration?.default).toEqual(DQN_DEFAULTS.exploration);
    expect(Object.keys(js.properties)).toEqual(Object.keys(DQN_DEFAULTS));
  });
});

describe('learning rates: a number or a schedule, in every learner', () => {
  it('names the branch the value took, and reads the keys of configs saved before', async () => {
    const { dqnConfig } = await import('../../src/agents/dqn/config.js');
    const { actorCriticConfig } = await import('../../src/agents/pg/actor_critic.js');
    const { supervisedConfig } = await import('../../src/supervised/config.js');
    expect(() => dqnConfig({ learningRate: { kind: 'step' } as never })).toThrow(new InvalidArgumentError('dqn.learningRate.kind must be one of constant, linear, cosine, exponential, got "step"'));
    expect(() => dqnConfig({ learningRate: { kind: 'linear', start: 0, end: 0 } })).toThrow(new InvalidArgumentError('dqn.learningRate.start must be a learning rate > 0 and <= 1, got 0'));
    expect(() => dqnConfig({ learningRate: 'fast' as never })).toThrow(new InvalidArgumentError('dqn.learningRate must be a number > 0 and <= 1 or an object with kind one of constant, linear, cosine, exponential, got "fast"'));
    expect(dqnConfig({ learningRate: 1e-3, learningRateDecaySteps: 1000, learningRateFinal: 0.5 }).learningRate).toEqual({ kind: 'linear', start: 1e-3, end: 5e-4, steps: 1000 });
    expect(dqnConfig({ learningRateDecaySteps: 0 }).learningRate).toBe(1e-4);
    expect(actorCriticConfig('ppo', { learningRateDecay: true, totalSteps: 5000 }).learningRate).toEqual({ kind: 'linear', start: 3e-4, end: 0, steps: 5000 });
    expect(actorCriticConfig('ppo', { learningRate: 1e-3, learningRateDecay: false }).learningRate).toBe(1e-3);
    expect(actorCriticConfig('ppo').learningRate).toEqual({ kind: 'linear', start: 3e-4, end: 0 });
    expect(supervisedConfig({ learningRateDecay: true, learningRate: 2e-3 }).learningRate).toEqual({ kind: 'cosine', start: 2e-3, end: 2e-4 });
  });

  it("PPO's default rate falls linearly to 0 over the run; DQN follows its schedule", async () => {
    const { make } = await import('../../src/envs/index.js');
    const { ActorCriticAgent } = await import('../../src/agents/pg/actor_critic.js');
    const { DqnAgent } = await import('../../src/agents/dqn/dqn.js');
    const { initBackend } = await import('../../src/backend/index.js');
    await initBackend({ backend: 'cpu' });
    const env = make('CartPole-v1');
    const spaces = { observationSpace: env.observationSpace, actionSpace: env.actionSpace };
    const ppo = new ActorCriticAgent({ ...spaces, algorithm: 'ppo', numEnvs: 2, seed: 0, totalSteps: 16, config: { nSteps: 4, minibatchSize: 4, epochs: 1 } });
    const rates: number[] = [];
    const obs = new Float32Array(8);
    for (let t = 0; t < 8; t++) {
      const actions = ppo.actBatch(obs, 2);
      ppo.observeBatch({ numEnvs: 2, observations: obs, actions, rewards: new Float64Array(2), nextObservations: obs, terminated: new Uint8Array(2), truncated: new Uint8Array(2) });
      const m = ppo.update();
      if (m) rates.push(m['charts/learning_rate'] as number);
    }
    // Updates after 8 and 16 env steps of a 16-step run.
    expect(rates.map((r) => +r.toPrecision(6))).toEqual([1.5e-4, 0]);
    ppo.dispose();
    const dqn = new DqnAgent({ ...spaces, seed: 0, totalSteps: 1000, config: { learningRate: { kind: 'cosine', start: 1e-3, end: 1e-4 } } });
    expect([dqn.learningRateAt(0), dqn.learningRateAt(500), dqn.learningRateAt(1000)].map((r) => +r.toPrecision(6))).toEqual([1e-3, 5.5e-4, 1e-4]);
    dqn.dispose();
    expect(() => new DqnAgent({ ...spaces, seed: 0, config: { learningRate: { kind: 'linear', start: 1e-3, end: 0 } } })).toThrow(
      'dqn.learningRate is a linear schedule without steps, which spans the run, but no run length was given: set its steps',
    );
  });
});

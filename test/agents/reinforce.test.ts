import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReinforceAgent, reinforceConfig } from '../../src/agents/pg/reinforce.js';
import { discountedReturns } from '../../src/agents/pg/returns.js';
import { initBackend } from '../../src/backend/index.js';
import { Box } from '../../src/core/spaces/box.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { make } from '../../src/envs/index.js';
import { trainAgent } from '../../src/trainers/rl.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

async function run(seed: number, steps: number, config: object = { batchEpisodes: 4, learningRate: 3e-3 }) {
  const env = make<ArrayLike<number>, number>('CartPole-v1');
  const agent = new ReinforceAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed, config });
  const returns: number[] = [];
  const entropies: number[] = [];
  const tensors: number[] = [];
  await trainAgent({
    env, agent, totalSteps: steps, seed,
    callbacks: [{ onEpisodeEnd: (e) => void returns.push(e.return), onUpdate: (e) => void (entropies.push(e.metrics['charts/entropy']!), tensors.push(tf.memory().numTensors)) }],
  });
  const weights = agent.policy.readWeights().map((w) => Array.from(w));
  agent.dispose();
  return { returns, entropies, tensors, weights };
}

const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;

describe('REINFORCE with baseline and entropy bonus', () => {
  it('returns bootstrap from V at a truncation and not at a termination', () => {
    expect(Array.from(discountedReturns([1, 1, 1], 0.5, 0))).toEqual([1.75, 1.5, 1]);
    expect(Array.from(discountedReturns([1, 1, 1], 0.5, 8))).toEqual([2.75, 3.5, 5]);
  });

  it('learns CartPole, logs the policy entropy in bits, and keeps the tensor count flat', async () => {
    const r = await run(0, 20_000);
    expect(mean(r.returns.slice(-20))).toBeGreaterThan(mean(r.returns.slice(0, 20)) + 50);
    expect(r.entropies[0]).toBeGreaterThan(0.95); // two actions: at most 1 bit, and it starts near uniform
    expect(Math.max(...r.entropies)).toBeLessThanOrEqual(1 + 1e-6);
    expect(new Set(r.tensors.slice(2)).size).toBe(1);
  });

  it('is deterministic under a seed', async () => {
    const a = await run(4, 3000);
    const b = await run(4, 3000);
    expect(a.returns).toEqual(b.returns);
    expect(a.weights).toEqual(b.weights);
  });

  it('rejects bad configs and spaces', () => {
    expect(() => reinforceConfig({ entropyCoef: -0.1 })).toThrow(new InvalidArgumentError('reinforce.entropyCoef must be a number >= 0, got -0.1'));
    const pend = make('Pendulum-v1');
    expect(() => new ReinforceAgent({ observationSpace: pend.observationSpace, actionSpace: new Box(-Infinity, 1, { shape: [2] }), seed: 0 })).toThrow(
      new InvalidArgumentError('REINFORCE needs a bounded Box action space (finite low and high), got Box(-Infinity, 1, [2], float32)'),
    );
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActorCriticAgent } from '../../src/agents/pg/actor_critic.js';
import { Categorical, DiagonalGaussian } from '../../src/agents/pg/distributions.js';
import { ReinforceAgent } from '../../src/agents/pg/reinforce.js';
import { initBackend } from '../../src/backend/index.js';
import { Rng } from '../../src/core/rng.js';
import { Box } from '../../src/core/spaces/box.js';
import { make, makeVec } from '../../src/envs/index.js';
import { trainAgent } from '../../src/trainers/rl.js';
import { trainVectorAgent } from '../../src/trainers/rl_vector.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const LOG_2PI = Math.log(2 * Math.PI);

/** Every action the agent sends to its vector env, in order. */
function recordActions(agent: ActorCriticAgent): number[] {
  const seen: number[] = [];
  const inner = agent.actBatch.bind(agent);
  agent.actBatch = (obs, n) => {
    const a = inner(obs, n);
    seen.push(...a);
    return a;
  };
  return seen;
}

describe('diagonal Gaussian policy head', () => {
  it('has the entropy of a known Gaussian: sum of log sigma + (1 + log 2 pi) / 2', () => {
    const g = new DiagonalGaussian(new Box(-1, 1, { shape: [2] }));
    tf.tidy(() => g.logStd.assign(tf.tensor1d([Math.log(2), Math.log(0.5)])));
    const h = tf.tidy(() => Array.from(g.entropy(tf.zeros([3, 2]) as tf.Tensor2D).dataSync()));
    const expected = Math.log(2) + Math.log(0.5) + 1 + LOG_2PI; // two dimensions
    expect(h).toHaveLength(3);
    for (const v of h) expect(v).toBeCloseTo(expected, 5);
    g.dispose();
  });

  it('log-density matches the hand-computed normal density, in tfjs and in the JavaScript sampler', () => {
    const g = new DiagonalGaussian(new Box(-2, 2, { shape: [1] }));
    tf.tidy(() => g.logStd.assign(tf.tensor1d([Math.log(0.5)])));
    g.invalidate();
    // mean 0.3, action 1.0, sigma 0.5: z = 1.4
    const expected = -0.5 * 1.4 ** 2 - Math.log(0.5) - 0.5 * LOG_2PI;
    const lp = tf.tidy(() => g.logProb(tf.tensor2d([[0.3]]), tf.tensor2d([[1.0]])).dataSync()[0] as number);
    expect(lp).toBeCloseTo(expected, 5);
    const action = new Float32Array(1);
    const rng = new Rng(4);
    const logp = g.sample(Float64Array.of(0.3), rng, true, action);
    const fromTf = tf.tidy(() => g.logProb(tf.tensor2d([[0.3]]), tf.tensor2d([[action[0] as number]])).dataSync()[0] as number);
    expect(logp).toBeCloseTo(fromTf, 4);
    g.dispose();
  });

  it('samples with the learned spread, keeps the raw sample, and clips only what the env receives', () => {
    const g = new DiagonalGaussian(new Box(-1, 1, { shape: [1] }));
    tf.tidy(() => g.logStd.assign(tf.tensor1d([Math.log(3)])));
    g.invalidate();
    const rng = new Rng(0);
    const xs: number[] = [];
    const action = new Float32Array(1);
    for (let i = 0; i < 4000; i++) {
      g.sample(Float64Array.of(0.5), rng, true, action);
      xs.push(action[0] as number);
    }
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(0.5, 0);
    expect(std).toBeGreaterThan(2.8);
    expect(std).toBeLessThan(3.2);
    expect(Math.max(...xs)).toBeGreaterThan(1);
    expect(Array.from(g.envAction(Float32Array.of(5)))).toEqual([1]);
    expect(Array.from(g.envAction(Float32Array.of(-5)))).toEqual([-1]);
    // The greedy action is the (clipped) mean.
    g.sample(Float64Array.of(0.25), rng, false, action);
    expect(action[0]).toBeCloseTo(0.25, 6);
    g.dispose();
  });

  it('categorical log-probabilities agree with the softmax, and honour Discrete start', () => {
    const c = new Categorical(3, 2);
    const logits = [1, 2, 0.5];
    const p = c.probabilities(Float64Array.from(logits));
    const lp = tf.tidy(() => Array.from(c.logProb(tf.tensor2d([logits, logits]), tf.tensor2d([[1], [2]])).dataSync()));
    expect(lp[0]).toBeCloseTo(Math.log(p[1] as number), 5);
    expect(lp[1]).toBeCloseTo(Math.log(p[2] as number), 5);
    expect(c.envAction(Float32Array.of(1))).toBe(3);
    expect(Array.from(c.storedAction(3, null))).toEqual([0 + 1]);
  });
});

describe('policy-gradient agents on Box action spaces', () => {
  it('PPO trains on Pendulum-v1: actions inside the Box, a learned log-std, flat tensors, exact save/load', async () => {
    const venv = makeVec('Pendulum-v1', 2, { autoresetMode: 'same-step' });
    const env = make('Pendulum-v1');
    const make_ = (seed: number) => new ActorCriticAgent({ algorithm: 'ppo', observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 2, seed, totalSteps: 2000, config: { nSteps: 64, epochs: 2 } });
    const agent = make_(0);
    const seen = recordActions(agent);
    const tensors: number[] = [];
    const entropies: number[] = [];
    await trainVectorAgent({ venv, agent, totalSteps: 2000, seed: 0, callbacks: [{ onUpdate: (e) => void (tensors.push(tf.memory().numTensors), entropies.push(e.metrics['charts/entropy'] as number)) }] });
    expect(seen.length).toBe(2000);
    expect(seen.every((a) => a >= -2 && a <= 2)).toBe(true);
    expect(seen.some((a) => a === 2 || a === -2)).toBe(true); // unit std around small means reaches the bounds sometimes
    // Differential entropy of N(mu, 1) is 2.05 bits; the log-std is learned, so it moves.
    expect(entropies[0]).toBeGreaterThan(1.9);
    expect(entropies[0]).toBeLessThan(2.2);
    expect(entropies.at(-1)).not.toBe(entropies[0]);
    expect(new Set(tensors.slice(2)).size).toBe(1);
    const snap = agent.save();
    expect(Object.keys(snap.arrays)).toContain('distribution/0');
    const copy = make_(7);
    await copy.load(snap);
    const obs = Float32Array.of(0.1, 0.9, -0.3);
    expect(Array.from(copy.act(obs, { explore: false }) as Float32Array)).toEqual(Array.from(agent.act(obs, { explore: false }) as Float32Array));
    expect(copy.save().arrays['distribution/0']?.data).toEqual(snap.arrays['distribution/0']?.data);
    const cart = make('CartPole-v1');
    const discrete = new ActorCriticAgent({ algorithm: 'ppo', observationSpace: env.observationSpace, actionSpace: cart.actionSpace, numEnvs: 2, seed: 0 });
    await expect(discrete.load(snap)).rejects.toThrow('checkpoint policy');
    agent.dispose();
    copy.dispose();
    discrete.dispose();
    venv.close();
  });

  it('A2C trains on MountainCarContinuous-v0 with actions inside the Box', async () => {
    const venv = makeVec('MountainCarContinuous-v0', 2, { autoresetMode: 'same-step' });
    const env = make('MountainCarContinuous-v0');
    const agent = new ActorCriticAgent({ algorithm: 'a2c', observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 2, seed: 1 });
    const seen = recordActions(agent);
    const updates: number[] = [];
    await trainVectorAgent({ venv, agent, totalSteps: 500, seed: 1, callbacks: [{ onUpdate: (e) => void updates.push(e.metrics['losses/value_loss'] as number) }] });
    expect(updates.length).toBe(50); // a 5-step rollout of 2 copies per update
    expect(updates.every(Number.isFinite)).toBe(true);
    expect(seen.every((a) => a >= -1 && a <= 1)).toBe(true);
    agent.dispose();
    venv.close();
  });

  it('REINFORCE trains on MountainCarContinuous-v0 and is deterministic under a seed', async () => {
    const run = async () => {
      const env = make('MountainCarContinuous-v0', { maxEpisodeSteps: 200 });
      const agent = new ReinforceAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 5 });
      const returns: number[] = [];
      const updates: number[] = [];
      await trainAgent({ env, agent, totalSteps: 1000, seed: 5, callbacks: [{ onEpisodeEnd: (e) => void returns.push(e.return), onUpdate: (e) => void updates.push(e.metrics['charts/entropy'] as number) }] });
      const weights = agent.policy.readWeights().map((w) => Array.from(w));
      agent.dispose();
      return { returns, updates, weights };
    };
    const a = await run();
    const b = await run();
    expect(a.updates.length).toBe(5);
    expect(a.returns).toEqual(b.returns);
    expect(a.weights).toEqual(b.weights);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActorCriticAgent, actorCriticConfig } from '../../src/agents/pg/actor_critic.js';
import { gae } from '../../src/agents/pg/gae.js';
import { clippedSurrogateLoss, policyGradientLoss, valueLoss } from '../../src/agents/pg/losses.js';
import { initBackend } from '../../src/backend/index.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { MultiDiscrete } from '../../src/core/spaces/discrete.js';
import { make, makeVec } from '../../src/envs/index.js';
import type { RunSnapshot } from '../../src/trainers/callback.js';
import { trainVectorAgent } from '../../src/trainers/rl_vector.js';
import { trainAgent } from '../../src/trainers/rl.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

async function run(algorithm: 'a2c' | 'ppo', steps: number, seed = 0, config: object = {}) {
  const venv = makeVec('CartPole-v1', 4, { autoresetMode: 'same-step' });
  const env = make('CartPole-v1');
  const agent = new ActorCriticAgent({ algorithm, observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 4, seed, totalSteps: steps, config });
  const returns: number[] = [];
  const metrics: Record<string, number>[] = [];
  const tensors: number[] = [];
  await trainVectorAgent({ venv, agent, totalSteps: steps, seed, callbacks: [{ onEpisodeEnd: (e) => void returns.push(e.return), onUpdate: (e) => void (metrics.push(e.metrics), tensors.push(tf.memory().numTensors)) }] });
  const weights = agent.policy.readWeights().map((w) => Array.from(w));
  agent.dispose();
  return { returns, metrics, tensors, weights };
}
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;

describe('GAE', () => {
  it('matches hand-computed advantages; a done step neither bootstraps nor chains', () => {
    // one env, three steps: rewards 1, values 0.5, last value 2, gamma 0.9, lambda 0.5; step 1 ends an episode
    const { advantages, returns } = gae([1, 1, 1], [0.5, 0.5, 0.5], [0, 1, 0], [2], { gamma: 0.9, lambda: 0.5, nSteps: 3, nEnvs: 1 });
    const d2 = 1 + 0.9 * 2 - 0.5; // 2.3
    const d1 = 1 - 0.5; // done: no bootstrap, no chaining -> 0.5
    const d0 = 1 + 0.9 * 0.5 - 0.5; // 0.95
    expect(Array.from(advantages).map((v) => +v.toFixed(6))).toEqual([+(d0 + 0.45 * d1).toFixed(6), d1, +d2.toFixed(6)]);
    expect(returns[2]).toBeCloseTo(d2 + 0.5, 9);
  });
});

describe('policy-gradient losses on hand-computed cases', () => {
  it("PPO's clipped surrogate takes the pessimistic term; value clipping takes the larger error", () => {
    const got = tf.tidy(() => {
      // ratios 0.5, 1, 1.5, 0.5 with advantages 1, -1, 1, -1 and eps 0.2
      const logpOld = tf.tensor1d([0, 0, 0, 0]);
      const logp = tf.tensor1d([Math.log(0.5), 0, Math.log(1.5), Math.log(0.5)]);
      const A = tf.tensor1d([1, -1, 1, -1]);
      const { loss, ratio } = clippedSurrogateLoss(logp, logpOld, A, 0.2);
      const v = valueLoss(tf.tensor1d([1, 3]), tf.tensor1d([2, 2]), tf.tensor1d([0, 2.5]), 0.5);
      return { loss: loss.dataSync()[0]!, ratio: Array.from(ratio.dataSync()), v: v.dataSync()[0]!, pg: policyGradientLoss(logp, A).dataSync()[0]! };
    });
    // per sample min(r A, clip(r) A): min(0.5, 0.8) = 0.5; -1; min(1.5, 1.2) = 1.2; min(-0.5, -0.8) = -0.8
    expect(got.loss).toBeCloseTo(-(0.5 - 1 + 1.2 - 0.8) / 4, 6);
    expect(got.ratio.map((r) => +r.toFixed(6))).toEqual([0.5, 1, 1.5, 0.5]);
    // V = 1 (old 0, clipped to 0.5): max((1-2)^2, (0.5-2)^2) = 2.25; V = 3 (old 2.5, inside): (3-2)^2 = 1
    expect(got.v).toBeCloseTo((2.25 + 1) / 2, 6);
    expect(got.pg).toBeCloseTo(-(Math.log(0.5) - 0 + Math.log(1.5) - Math.log(0.5)) / 4, 6);
  });
});

describe('A2C and PPO on vector envs', () => {
  it('PPO learns CartPole, reports clipping statistics and entropy in bits, with a flat tensor count', async () => {
    const r = await run('ppo', 30_000, 0, { nSteps: 64, epochs: 4 });
    expect(mean(r.returns.slice(-20))).toBeGreaterThan(mean(r.returns.slice(0, 20)) + 100);
    const last = r.metrics.at(-1)!;
    for (const k of ['losses/policy_loss', 'losses/value_loss', 'losses/approx_kl', 'losses/clip_fraction', 'charts/entropy']) expect(Number.isFinite(last[k]), k).toBe(true);
    expect(last['charts/entropy']).toBeLessThanOrEqual(1);
    expect(new Set(r.tensors.slice(2)).size).toBe(1);
  });

  it('A2C learns CartPole and is deterministic under a seed', async () => {
    const a = await run('a2c', 20_000, 3);
    expect(mean(a.returns.slice(-20))).toBeGreaterThan(mean(a.returns.slice(0, 20)) + 30);
    const b = await run('a2c', 2_000, 3);
    const c = await run('a2c', 2_000, 3);
    expect(b.weights).toEqual(c.weights);
    expect(b.returns).toEqual(c.returns);
  });

  it('emits a step event per sub-env transition, so onStep callbacks work under the vector loop', async () => {
    const venv = makeVec('CartPole-v1', 3, { autoresetMode: 'same-step' });
    const env = make('CartPole-v1');
    const agent = new ActorCriticAgent({ algorithm: 'a2c', observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 3, seed: 0 });
    const steps: number[] = [];
    await trainVectorAgent({ venv, agent, totalSteps: 30, seed: 0, callbacks: [{ onStep: (e) => void steps.push(e.step) }] });
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    agent.dispose();
  });

  it('shuffles minibatches with a stream of its own: an update leaves the action stream alone', async () => {
    const env = make('CartPole-v1');
    const agent = new ActorCriticAgent({ algorithm: 'ppo', observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 2, seed: 0, config: { nSteps: 4, minibatchSize: 2, epochs: 3 } });
    const obs = new Float32Array(8).fill(0.01);
    for (let t = 0; t < 4; t++) {
      const actions = agent.actBatch(obs, 2);
      agent.observeBatch({ numEnvs: 2, observations: obs, actions, rewards: new Float64Array([1, 1]), nextObservations: obs, terminated: new Uint8Array(2), truncated: new Uint8Array(2) });
    }
    const before = agent.save().meta;
    expect(agent.update()).not.toBeNull();
    const after = agent.save().meta;
    expect(after.rng).toEqual(before.rng);
    expect(after.minibatchRng).not.toEqual(before.minibatchRng);
    agent.dispose();
  });

  it('rejects bad configs, spaces and single-env training', async () => {
    expect(() => actorCriticConfig('ppo', { clipRange: 2 })).toThrow(new InvalidArgumentError('ppo.clipRange must be a number >= 0 and <= 1, got 2'));
    const cart0 = make('CartPole-v1');
    expect(() => new ActorCriticAgent({ algorithm: 'ppo', observationSpace: cart0.observationSpace, actionSpace: new MultiDiscrete([2, 3]), numEnvs: 2, seed: 0 })).toThrow(new InvalidArgumentError('PPO needs a Discrete or Box action space, got MultiDiscrete([2, 3])'));
    const cart = make('CartPole-v1');
    const agent = new ActorCriticAgent({ algorithm: 'a2c', observationSpace: cart.observationSpace, actionSpace: cart.actionSpace, numEnvs: 2, seed: 0 });
    expect('observe' in agent).toBe(false);
    await expect(trainAgent({ env: cart as never, agent: agent as never, totalSteps: 10, seed: 0 })).rejects.toThrow(new InvalidArgumentError('a2c learns from vector envs (it has no observe): train it with trainVectorAgent'));
    agent.dispose();
  });

  it('round-trips its counters through save and load and refuses bad ones', async () => {
    const cart = make('CartPole-v1');
    const spec = { algorithm: 'ppo' as const, observationSpace: cart.observationSpace, actionSpace: cart.actionSpace, numEnvs: 2, seed: 0 };
    const a = new ActorCriticAgent(spec);
    const b = new ActorCriticAgent({ ...spec, seed: 1 });
    const snap = a.save();
    snap.meta = { ...snap.meta, steps: 640, updates: 5 };
    await b.load(snap);
    expect(b.save().meta).toMatchObject({ steps: 640, updates: 5 });
    await expect(b.load({ ...snap, meta: { ...snap.meta, steps: -3 } })).rejects.toThrow(new InvalidArgumentError('checkpoint steps must be a non-negative integer, got -3'));
    a.dispose();
    b.dispose();
  });

  it('resumes from a snapshot: counters, weights and sub-env generators restored, fresh episodes', async () => {
    const cart = make('CartPole-v1');
    const build = (seed: number) => new ActorCriticAgent({ algorithm: 'ppo', observationSpace: cart.observationSpace, actionSpace: cart.actionSpace, numEnvs: 4, seed, totalSteps: 2000, config: { nSteps: 32, epochs: 2 } });
    const first = build(0);
    let snapshot: RunSnapshot | null = null;
    await trainVectorAgent({ venv: makeVec('CartPole-v1', 4, { autoresetMode: 'same-step' }), agent: first, totalSteps: 1000, seed: 0, callbacks: [{ onRunEnd: (_e, ctx) => void (snapshot = ctx.snapshot()) }] });
    const snap = snapshot as unknown as RunSnapshot;
    expect(snap.step).toBe(1000);
    expect((snap.envRng as unknown[]).length).toBe(4);
    const resumed = build(9);
    const starts: number[] = [];
    const updates: number[] = [];
    const venv = makeVec('CartPole-v1', 4, { autoresetMode: 'same-step' });
    let weightsAtStart: number[][] = [];
    await trainVectorAgent({
      venv, agent: resumed, totalSteps: 1600, seed: 0, resume: snap,
      callbacks: [{ onRunStart: (e) => void (starts.push(e.run.start), weightsAtStart = resumed.policy.readWeights().map((w) => Array.from(w))), onUpdate: (e) => void updates.push(e.metrics['charts/updates'] as number) }],
    });
    expect(starts).toEqual([1000]);
    expect(weightsAtStart).toEqual(first.policy.readWeights().map((w) => Array.from(w)));
    expect(updates[0]).toBe((snap.agent.meta.updates as number) + 1);
    await expect(trainVectorAgent({ venv: makeVec('CartPole-v1', 2, { autoresetMode: 'same-step' }), agent: build(1), totalSteps: 1600, seed: 0, resume: snap }))
      .rejects.toThrow(new InvalidArgumentError('checkpoint holds 4 sub-env generators; this vector env has 2 sub-envs'));
    first.dispose();
    resumed.dispose();
  });
});

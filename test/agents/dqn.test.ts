import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DqnAgent, samplesOver } from '../../src/agents/dqn/dqn.js';
import type { PrioritizedSampler } from '../../src/memory/samplers.js';
import { NonFiniteLossError } from '../../src/core/errors.js';
import { DQN_TUTORIAL, dqnConfig } from '../../src/agents/dqn/config.js';
import { advantageLearningTarget, huber, tdTarget } from '../../src/agents/dqn/losses.js';
import { forwardJs } from '../../src/agents/networks.js';
import { initBackend } from '../../src/backend/index.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/index.js';
import { trainAgent } from '../../src/trainers/rl.js';
import type { Callback, RunSnapshot } from '../../src/trainers/callback.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const FAST = { hiddenLayers: [16, 16], learningStarts: 100, trainFrequency: 2, batchSize: 16, targetUpdateInterval: 100, learningRate: 1e-3, exploration: { kind: 'linear', start: 1, end: 0.1, steps: 500 } } as const;

function cartpoleAgent(seed: number, config: object = FAST): DqnAgent {
  const env = make('CartPole-v1');
  return new DqnAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed, config });
}

async function run(seed: number, steps: number, extra: Callback[] = [], resume?: RunSnapshot, agent = cartpoleAgent(seed)) {
  const returns: number[] = [];
  const env = make<ArrayLike<number>, number>('CartPole-v1');
  const result = await trainAgent({
    env, agent, totalSteps: steps, seed,
    callbacks: [{ onEpisodeEnd: (e) => void returns.push(e.return) }, ...extra],
    ...(resume ? { resume } : {}),
  });
  const weights = agent.online.readWeights().map((w) => Array.from(w));
  return { returns, weights, result, agent };
}

describe('DQN losses', () => {
  it('the TD target bootstraps through truncation, not through termination', () => {
    const y = tf.tidy(() =>
      Array.from(tdTarget({
        rewards: tf.tensor1d([1, 1, 1]),
        discounts: tf.tensor1d([0.9, 0.9, 0.81]),
        terminated: tf.tensor1d([0, 1, 0]), // the third transition was truncated: it still bootstraps
        nextQTarget: tf.tensor2d([[2, 5], [2, 5], [3, -1]]),
      }).dataSync()),
    );
    expect(y[0]).toBeCloseTo(1 + 0.9 * 5, 5);
    expect(y[1]).toBeCloseTo(1, 5);
    expect(y[2]).toBeCloseTo(1 + 0.81 * 3, 5);
  });

  it('Double DQN values the online network\'s argmax with the target network', () => {
    const y = tf.tidy(() => tdTarget({
      rewards: tf.tensor1d([0]), discounts: tf.tensor1d([1]), terminated: tf.tensor1d([0]),
      nextQTarget: tf.tensor2d([[10, 1]]), nextQOnline: tf.tensor2d([[0, 3]]),
    }).dataSync()[0]);
    expect(y).toBeCloseTo(1, 6);
  });

  it('advantage learning lowers the target of non-greedy actions by alpha times their gap, and leaves the greedy one', () => {
    const y = tf.tidy(() => Array.from(advantageLearningTarget(tf.tensor1d([1, 2, 3]), tf.tensor2d([[3, 1], [0, 5], [4, 4]]), tf.tensor2d([[0, 1], [0, 1], [1, 0]]), 0.5).dataSync()));
    // Gaps: 3 - 1 = 2 (action 1 is not greedy), 0 (greedy), 0 (a tie).
    expect(y).toEqual([0, 2, 3]);
    expect(() => dqnConfig({ advantageLearning: 1 })).toThrow('dqn.advantageLearning must be a number >= 0 and < 1, got 1');
  });

  it('Huber is quadratic inside [-1, 1] and linear outside', () => {
    expect(Array.from(tf.tidy(() => huber(tf.tensor1d([0.5, -2, 3])).dataSync()))).toEqual([0.125, 1.5, 2.5]);
  });
});

describe('DQN agent', () => {
  it('acts with a JavaScript forward pass equal to the tfjs network', () => {
    const agent = cartpoleAgent(3, { ...FAST, dueling: true });
    const rng = new Rng(9);
    for (let k = 0; k < 20; k++) {
      const obs = Float32Array.from({ length: 4 }, () => rng.normal());
      const q = tf.tidy(() => Array.from(agent.online.apply(tf.tensor2d(obs, [1, 4])).dataSync()));
      const out = new Float64Array(2);
      forwardJs(agent.spec, agent.online.readWeights(), obs, [new Float64Array(16), new Float64Array(16)], out);
      out.forEach((v, i) => expect(Math.abs(v - q[i]!)).toBeLessThan(1e-5));
    }
    agent.dispose();
  });

  it('is deterministic under a seed, and does not grow the tensor count while learning', async () => {
    const counts: number[] = [];
    const probe: Callback = { onUpdate: (e) => void (e.step % 200 === 0 && counts.push(tf.memory().numTensors)) };
    const a = await run(7, 1200, [probe]);
    const b = await run(7, 1200);
    expect(a.returns).toEqual(b.returns);
    expect(a.weights).toEqual(b.weights);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const c = await run(8, 1200);
    expect(c.weights).not.toEqual(a.weights);
    for (const r of [a, b, c]) r.agent.dispose();
  });

  it('resumes from a checkpoint exactly as the uninterrupted run continues', async () => {
    let snap: RunSnapshot | null = null;
    const grab: Callback = { onEpisodeEnd: (e, ctx) => void (snap === null && e.step >= 600 && (snap = ctx.snapshot())) };
    const full = await run(5, 1500, [grab]);
    const saved = JSON.parse(JSON.stringify({ ...snap!, agent: { ...snap!.agent, arrays: {} } })) as RunSnapshot;
    saved.agent.arrays = snap!.agent.arrays; // typed arrays survive as they are
    const resumed = await run(5, 1500, [], saved);
    expect(resumed.weights).toEqual(full.weights);
    expect(resumed.returns).toEqual(full.returns.slice(full.returns.length - resumed.returns.length));
    full.agent.dispose();
    resumed.agent.dispose();
  });

  it('stops with the update number when the loss is not finite, leaving the weights alone', async () => {
    const agent = cartpoleAgent(1);
    const env = make<ArrayLike<number>, number>('CartPole-v1');
    const poisoned = { ...make('CartPole-v1') } as never;
    void poisoned;
    const before = agent.online.readWeights().map((w) => Array.from(w));
    const nanEnv = new (class {
      observationSpace = env.observationSpace; actionSpace = env.actionSpace; metadata = env.metadata; spec = env.spec; unwrapped = env.unwrapped;
      reset(a?: object) { return env.reset(a); }
      step(a: number) { const r = env.step(a); return { ...r, reward: Number.NaN }; }
      close() {}
    })();
    const result = await trainAgent({ env: nanEnv as never, agent, totalSteps: 500, seed: 0 });
    expect(result.reason).toBe('error');
    expect(result.message).toMatch(/^DQN loss became NaN at update 1 \(env step 100\); weights were left unchanged$/);
    expect(result.steps).toBe(100); // the step it failed at, not where it started
    expect(agent.online.readWeights().map((w) => Array.from(w))).toEqual(before);
    expect(new NonFiniteLossError('x')).toBeInstanceOf(Error);
    agent.dispose();
  });

  it('rejects bad configs, spaces and mismatched snapshots with clear errors', async () => {
    expect(() => dqnConfig({ gamma: 1.5 })).toThrow(new InvalidArgumentError('dqn.gamma must be a number >= 0 and <= 1, got 1.5'));
    expect(() => dqnConfig({ batchSize: 0 })).toThrow('dqn.batchSize must be an integer >= 1, got 0');
    expect(() => dqnConfig({ hiddenLayers: [64, -1] })).toThrow('dqn.hiddenLayers[1] must be an integer >= 1, got -1');
    expect(() => dqnConfig({ loss: 'l1' as 'mse' })).toThrow('dqn.loss must be one of huber, mse, got "l1"');
    expect(() => dqnConfig({ lr: 1 } as never)).toThrow(/^dqn config has an unknown key "lr"; allowed keys: hiddenLayers, activation, learningRate/);
    expect(() => dqnConfig({ exploration: { kind: 'linear', start: 2, end: 0, steps: 10 } })).toThrow('dqn.exploration.start must be a probability in [0, 1], got 2');
    const pend = make('Pendulum-v1');
    expect(() => new DqnAgent({ observationSpace: pend.observationSpace, actionSpace: pend.actionSpace, seed: 0 })).toThrow('DQN needs a Discrete action space, got Box(-2, 2, [1], float32)');
    const small = cartpoleAgent(0);
    const big = cartpoleAgent(0, { ...FAST, hiddenLayers: [32] });
    await expect(big.load(small.save())).rejects.toThrow(/^checkpoint network .* does not match this agent's/);
    await expect(small.load({ kind: 'ppo', meta: {}, arrays: {} })).rejects.toThrow('checkpoint holds a "ppo" agent, not dqn');
    small.dispose();
    big.dispose();
  });

  it('a saved snapshot does not change as training goes on (the best model stays the best)', async () => {
    const agent = cartpoleAgent(3);
    await run(3, 300, [], undefined, agent);
    const snap = agent.save();
    const frozen = Object.fromEntries(Object.entries(snap.arrays).map(([k, a]) => [k, Array.from(a.data)]));
    await run(3, 600, [], undefined, agent);
    for (const [k, a] of Object.entries(snap.arrays)) expect(Array.from(a.data), k).toEqual(frozen[k]);
    agent.dispose();
  });

  it("anneals PER's beta to 1 at the run's last batch, whatever the run's length", async () => {
    for (const [steps, config] of [[700, FAST], [900, { ...FAST, learningStarts: 0, trainFrequency: 3, gradientSteps: 2 }]] as const) {
      const env = make('CartPole-v1');
      const agent = new DqnAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 0, totalSteps: steps, config: { ...(config as object), prioritizedReplay: true } });
      const sampler = agent.buffer.sampler as PrioritizedSampler;
      const betas: number[] = [];
      await run(0, steps, [{ onUpdate: () => void betas.push(sampler.beta) }], undefined, agent);
      const drawn = (sampler.state() as { samples: number }).samples;
      // The last batch was drawn with the beta before it: exactly 1, and not before it.
      expect(drawn - 1).toBe(sampler.betaSteps);
      expect(drawn).toBe(samplesOver(agent.config, steps) + 1);
      expect(betas.at(-1)).toBe(1);
      expect(betas[Math.floor(betas.length / 2)]).toBeLessThan(1);
      agent.dispose();
    }
  });

  it('the tutorial preset is the tutorial\'s agent', () => {
    const c = dqnConfig(DQN_TUTORIAL);
    expect([c.hiddenLayers, c.activation, c.loss, c.batchSize, c.learningRate, c.exploration]).toEqual([
      [50, 50], 'relu', 'mse', 50, 1e-3, { kind: 'exponential', start: 1, end: 0.01, decay: 0.0001 },
    ]);
  });
});

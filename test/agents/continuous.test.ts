import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sacConfig, td3Config } from '../../src/agents/continuous/config.js';
import { clippedDoubleQTarget, criticLoss, entropyCoefLoss, sacTarget, smoothedTargetAction, tanhGaussianLogProb } from '../../src/agents/continuous/losses.js';
import { SacAgent } from '../../src/agents/continuous/sac.js';
import { StateDependentNoise } from '../../src/agents/continuous/sde.js';
import { Td3Agent } from '../../src/agents/continuous/td3.js';
import { DqnAgent } from '../../src/agents/dqn/dqn.js';
import { QNetwork, initialWeights } from '../../src/agents/networks.js';
import { initBackend } from '../../src/backend/index.js';
import type { AgentSnapshot } from '../../src/core/agent.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { Box } from '../../src/core/spaces/box.js';
import { make } from '../../src/envs/index.js';
import { GaussianNoise, OrnsteinUhlenbeckNoise } from '../../src/policies/noise.js';
import type { Callback, RunSnapshot } from '../../src/trainers/callback.js';
import { trainAgent } from '../../src/trainers/rl.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const SMALL = { hiddenLayers: [16, 16], batchSize: 16, learningStarts: 50, bufferSize: 5_000, learningRate: 1e-3 } as const;
type ContinuousAgent = SacAgent | Td3Agent;

type Kind = 'sac' | 'sac-gsde' | 'td3' | 'ddpg';

function build(kind: Kind, seed: number, config: object = SMALL): ContinuousAgent {
  const env = make('Pendulum-v1');
  const options = { observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed, config };
  if (kind === 'sac-gsde') return new SacAgent({ ...options, config: { useSde: true, trainFrequency: 8, gradientSteps: 8, ...config } });
  return kind === 'sac' ? new SacAgent(options) : new Td3Agent({ ...options, algorithm: kind });
}

function weightsOf(agent: ContinuousAgent): number[][] {
  return [agent.actor, ...agent.critics].flatMap((n) => n.readWeights().map((w) => Array.from(w)));
}

async function run(agent: ContinuousAgent, steps: number, extra: Callback[] = [], resume?: RunSnapshot) {
  const returns: number[] = [];
  const env = make<ArrayLike<number>, Float32Array>('Pendulum-v1', { maxEpisodeSteps: 50 });
  const result = await trainAgent({ env, agent, totalSteps: steps, seed: 3, callbacks: [{ onEpisodeEnd: (e) => void returns.push(e.return) }, ...extra], ...(resume ? { resume } : {}) });
  return { returns, weights: weightsOf(agent), result };
}

describe('continuous-control losses', () => {
  it('the tanh-Gaussian log-probability matches a hand computation', () => {
    // u = mean + std * eps, a = tanh(u): log pi = sum_i log N(u_i) - log(1 - tanh(u_i)^2)
    const cases = [[0.3, 1.2, Math.log(0.5)], [-2.5, -0.4, 0.7]] as const;
    const expected = cases.reduce((sum, [u, eps, logStd]) => sum + (-0.5 * eps * eps - logStd - 0.5 * Math.log(2 * Math.PI)) - Math.log(1 - Math.tanh(u) ** 2), 0);
    const got = tf.tidy(() => tanhGaussianLogProb(tf.tensor2d([[cases[0][0], cases[1][0]]]), tf.tensor2d([[cases[0][1], cases[1][1]]]), tf.tensor2d([[cases[0][2], cases[1][2]]])).dataSync()[0] as number);
    expect(got).toBeCloseTo(expected, 4);
    // far in the tail, where 1 - tanh(u)^2 underflows in float32, the stable form stays finite
    const tail = tf.tidy(() => tanhGaussianLogProb(tf.tensor2d([[30]]), tf.tensor2d([[0]]), tf.tensor2d([[0]])).dataSync()[0] as number);
    expect(tail).toBeCloseTo(-0.5 * Math.log(2 * Math.PI) - 2 * (Math.LN2 - 30 - Math.log1p(Math.exp(-60))), 2);
  });

  it("gSDE's log-probability is the Gaussian of phi @ (std * zeta) with variance phi^2 @ std^2, squashed", () => {
    const sde = new StateDependentNoise(2, 1, Math.log(0.5), 'test_sde');
    const { action, logProb } = tf.tidy(() => {
      const r = sde.sample(tf.tensor2d([[0.2]]), tf.tensor2d([[1, 2]]), tf.tensor2d([[1], [-1]]));
      return { action: r.action.dataSync()[0] as number, logProb: r.logProb.dataSync()[0] as number };
    });
    const noise = 1 * 0.5 * 1 + 2 * 0.5 * -1;
    const variance = 1 * 0.25 + 4 * 0.25 + 1e-6;
    const u = 0.2 + noise;
    expect(action).toBeCloseTo(Math.tanh(u), 6);
    expect(logProb).toBeCloseTo(-0.5 * (noise * noise) / variance - 0.5 * Math.log(variance) - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - Math.tanh(u) ** 2), 4);
    // acting holds the matrix for `every` steps: the same features get the same push
    const rng = new Rng(3);
    expect(sde.due(0, 8)).toBe(true);
    sde.resample(rng, 0);
    const first = sde.noise([1, 2], 0);
    expect(sde.due(7, 8)).toBe(false);
    expect(sde.noise([1, 2], 0)).toBe(first);
    expect(sde.due(8, 8)).toBe(true);
    sde.dispose();
  });

  it("a critic applied for the actor's loss passes the same gradient to its input, and none to its weights", () => {
    const spec = { inputSize: 3, hiddenLayers: [5, 4], outputSize: 1, activation: 'relu' as const, dueling: false };
    const net = new QNetwork(spec, initialWeights(spec, new Rng(1)));
    const x = tf.tensor2d([[0.5, -1, 2], [1, 0.3, -0.7]]);
    const [full, inputOnly] = (['full', 'input'] as const).map((mode) => tf.tidy(() => Array.from(tf.grad((v: tf.Tensor) => tf.sum(net.apply(v as tf.Tensor2D, mode === 'full' ? true : 'input')))(x).dataSync())));
    expect(inputOnly).toEqual(full);
    const weightNorms = (mode: true | 'input') => tf.tidy(() => Object.values(tf.variableGrads(() => tf.sum(net.apply(x, mode)) as tf.Scalar, net.variables).grads).map((g) => tf.sum(tf.abs(g)).dataSync()[0] as number));
    expect(weightNorms('input').every((n) => n === 0)).toBe(true);
    expect(weightNorms(true).some((n) => n > 0)).toBe(true);
    x.dispose();
    net.dispose();
  });

  it("starts weights as Keras' Dense (glorot, zero biases) or as PyTorch's nn.Linear (kernel and bias within 1/sqrt(fan-in))", () => {
    const spec = { inputSize: 4, hiddenLayers: [16], outputSize: 2, activation: 'relu' as const, dueling: false };
    const [k0, b0, k1, b1] = initialWeights(spec, new Rng(0), 'pytorch') as [Float32Array, Float32Array, Float32Array, Float32Array];
    const within = (w: Float32Array, limit: number) => w.every((x) => Math.abs(x) <= limit) && w.some((x) => Math.abs(x) > limit / 2);
    expect([within(k0, 1 / 2), within(b0, 1 / 2), within(k1, 1 / 4), within(b1, 1 / 4)]).toEqual([true, true, true, true]);
    const glorot = initialWeights(spec, new Rng(0));
    expect(Array.from(glorot[1] as Float32Array).every((x) => x === 0)).toBe(true);
    expect(within(glorot[0] as Float32Array, Math.sqrt(6 / 20))).toBe(true);
    expect(() => sacConfig({ weightInit: 'he' as 'glorot' })).toThrow('sac.weightInit must be one of glorot, pytorch, got "he"');
  });

  it("TD3's target smooths the target action with clipped noise, keeps it in [-1, 1], and takes the critics' minimum", () => {
    const a = tf.tidy(() => Array.from(smoothedTargetAction(tf.tensor2d([[0.2, 0.9, -0.8]]), tf.tensor2d([[0.1, 2.0, -3.0]]), 0.5).dataSync()));
    expect(a[0]).toBeCloseTo(0.3, 6); // noise inside the clip passes
    expect(a[1]).toBeCloseTo(1, 6); // 0.9 + clip(2, 0.5) = 1.4, clipped to the box
    expect(a[2]).toBeCloseTo(-1, 6); // -0.8 - 0.5
    const y = tf.tidy(() => Array.from(clippedDoubleQTarget(tf.tensor1d([1, 1]), tf.tensor1d([0.9, 0.9]), tf.tensor1d([0, 1]), [tf.tensor1d([5, 5]), tf.tensor1d([3, 7])]).dataSync()));
    expect(y[0]).toBeCloseTo(1 + 0.9 * 3, 5);
    expect(y[1]).toBeCloseTo(1, 5); // terminal: no bootstrap
    const soft = tf.tidy(() => sacTarget(tf.tensor1d([0]), tf.tensor1d([0.5]), tf.tensor1d([0]), [tf.tensor1d([4]), tf.tensor1d([2])], tf.tensor1d([-1]), 0.2).dataSync()[0] as number);
    expect(soft).toBeCloseTo(0.5 * (2 + 0.2), 5);
    expect(tf.tidy(() => criticLoss([tf.tensor1d([1, 3]), tf.tensor1d([2, 2])], tf.tensor1d([2, 2]), 0.5).dataSync()[0] as number)).toBeCloseTo(0.5 * (1 + 0), 5);
  });

  it("the temperature loss's gradient raises alpha when entropy is below target and lowers it above", () => {
    const grad = (logProb: number) => tf.tidy(() => tf.grad((la: tf.Tensor) => entropyCoefLoss(la, tf.tensor1d([logProb]), -1))(tf.scalar(0)).dataSync()[0] as number);
    expect(grad(3)).toBeLessThan(0); // log pi + target > 0: entropy too low, descending raises log alpha
    expect(grad(-3)).toBeGreaterThan(0);
  });
});

describe('action noise', () => {
  it('Ornstein-Uhlenbeck reverts to its mean, is repeatable under a seed, and resets', () => {
    const still = new OrnsteinUhlenbeckNoise(1, 0, () => new Rng(0), 0.15, 0.01);
    still.load([2]);
    const out = new Float64Array(1);
    for (let k = 0; k < 100; k++) still.sample(out);
    expect(out[0]).toBeCloseTo(2 * (1 - 0.15 * 0.01) ** 100, 10);
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      const n = new OrnsteinUhlenbeckNoise(2, 0.5, () => rng);
      const xs: number[] = [];
      const o = new Float64Array(2);
      for (let k = 0; k < 50; k++) {
        n.sample(o);
        xs.push(...o);
      }
      return { xs, n };
    };
    expect(draw(4).xs).toEqual(draw(4).xs);
    expect(draw(4).xs).not.toEqual(draw(5).xs);
    const { n } = draw(4);
    expect(n.state().some((x) => x !== 0)).toBe(true);
    n.reset();
    expect(n.state()).toEqual([0, 0]);
    // consecutive OU values are correlated; Gaussian ones are not
    const rng = new Rng(1);
    const ou = new OrnsteinUhlenbeckNoise(1, 0.3, () => rng, 0.15, 0.01);
    const seq: number[] = [];
    for (let k = 0; k < 2000; k++) {
      ou.sample(out);
      seq.push(out[0] as number);
    }
    const lag1 = seq.slice(1).reduce((s, x, i) => s + x * (seq[i] as number), 0) / seq.slice(1).reduce((s, x) => s + x * x, 0);
    expect(lag1).toBeGreaterThan(0.9);
    const g = new GaussianNoise(0.2, () => rng);
    const gs: number[] = [];
    for (let k = 0; k < 4000; k++) {
      g.sample(out);
      gs.push(out[0] as number);
    }
    expect(Math.sqrt(gs.reduce((s, x) => s + x * x, 0) / gs.length)).toBeCloseTo(0.2, 1);
    expect(() => new GaussianNoise(-0.1, () => rng)).toThrow(new InvalidArgumentError('GaussianNoise sigma must be a finite number >= 0, got -0.1'));
  });
});

describe.each(['sac', 'sac-gsde', 'td3', 'ddpg'] as const)('%s', (kind) => {
  it('is deterministic under a seed, acts inside the Box, and does not grow the tensor count while learning', async () => {
    const a = build(kind, 7);
    const b = build(kind, 7);
    const first = await run(a, 400);
    const second = await run(b, 400);
    expect(second.returns).toEqual(first.returns);
    expect(second.weights).toEqual(first.weights);
    const obs = make('Pendulum-v1').reset({ seed: 1 }).observation as ArrayLike<number>;
    for (const explore of [true, false]) {
      const act = b.act(obs, { explore });
      expect(act.length).toBe(1);
      expect(Math.abs(act[0] as number)).toBeLessThanOrEqual(2);
    }
    expect(b.act(obs, { explore: false })).toEqual(b.act(obs, { explore: false }));
    a.dispose();
    b.dispose();
  });

  it('resumes from a checkpoint exactly as the uninterrupted run continues', async () => {
    let snap: RunSnapshot | null = null;
    const grab: Callback = { onEpisodeEnd: (e, ctx) => void (snap === null && e.step >= 150 && (snap = ctx.snapshot())) };
    const config = kind.startsWith('sac') ? SMALL : { ...SMALL, actionNoise: { kind: 'ornstein-uhlenbeck', sigma: 0.5 } };
    const full = await run(build(kind, 5, config), 400, [grab]);
    const saved = JSON.parse(JSON.stringify({ ...snap!, agent: { ...snap!.agent, arrays: {} } })) as RunSnapshot;
    saved.agent.arrays = snap!.agent.arrays;
    const agent = build(kind, 5, config);
    const resumed = await run(agent, 400, [], saved);
    expect(resumed.weights).toEqual(full.weights);
    expect(resumed.returns).toEqual(full.returns.slice(full.returns.length - resumed.returns.length));
    agent.dispose();
  });

  it('holds the tensor count over 1,000 updates', () => {
    const agent = build(kind, 1, { ...SMALL, hiddenLayers: [8], batchSize: 4, learningStarts: 0, ...(kind === 'sac-gsde' ? { trainFrequency: 1, gradientSteps: 1 } : {}) });
    const rng = new Rng(2);
    const transition = () => ({
      observation: [rng.normal(), rng.normal(), rng.normal()], action: Float32Array.of(rng.uniform(-2, 2)), reward: rng.normal(),
      nextObservation: [rng.normal(), rng.normal(), rng.normal()], terminated: false, truncated: false,
    });
    // two updates first: TD3's delayed actor creates its Adam moments on the second
    for (let k = 0; k < 2; k++) {
      agent.observe(transition());
      agent.update();
    }
    const count = tf.memory().numTensors;
    for (let k = 0; k < 1000; k++) {
      agent.observe(transition());
      expect(agent.update()).not.toBeNull();
    }
    expect(tf.memory().numTensors).toBe(count);
    expect(agent.updateCount).toBe(1002);
    agent.dispose();
  });
});

describe('SAC entropy coefficient and bad input', () => {
  it('the learned alpha rises when the target entropy is out of reach and falls when it is far below', async () => {
    const alphaAfter = async (targetEntropy: number) => {
      const agent = build('sac', 2, { ...SMALL, targetEntropy }) as SacAgent;
      await run(agent, 300);
      const alpha = agent.entCoef;
      agent.dispose();
      return alpha;
    };
    expect(await alphaAfter(5)).toBeGreaterThan(1);
    expect(await alphaAfter(-20)).toBeLessThan(1);
    const fixed = build('sac', 2, { ...SMALL, entCoef: 0.05 }) as SacAgent;
    await run(fixed, 200);
    expect(fixed.entCoef).toBe(0.05);
    expect(fixed.logEntCoef).toBeNull();
    fixed.dispose();
  });

  it('rejects Discrete actions, unbounded boxes, bad hyperparameters, other checkpoints and NaN losses', async () => {
    const cart = make('CartPole-v1');
    expect(() => new SacAgent({ observationSpace: cart.observationSpace, actionSpace: cart.actionSpace, seed: 0 })).toThrow('SAC needs a Box action space, got Discrete(2)');
    expect(() => new Td3Agent({ observationSpace: cart.observationSpace, actionSpace: new Box(-Infinity, Infinity, { shape: [1] }), seed: 0 })).toThrow(/^TD3 needs a Box action space with finite bounds/);
    expect(() => new DqnAgent({ observationSpace: cart.observationSpace, actionSpace: new Box(-1, 1, { shape: [1] }), seed: 0 })).toThrow(/^DQN needs a Discrete action space, got Box/);
    expect(() => sacConfig({ tau: 0 })).toThrow(new InvalidArgumentError('sac.tau must be a number > 0 and <= 1, got 0'));
    expect(() => td3Config('td3', { tau: 1.5 })).toThrow(new InvalidArgumentError('td3.tau must be a number > 0 and <= 1, got 1.5'));
    expect(() => td3Config('ddpg', { targetPolicyNoise: -0.1 })).toThrow(new InvalidArgumentError('ddpg.targetPolicyNoise must be a number >= 0, got -0.1'));
    expect(() => td3Config('td3', { actionNoise: { kind: 'gaussian', sigma: -1 } })).toThrow('td3.actionNoise.sigma must be a number >= 0, got -1');
    expect(() => sacConfig({ learningRate: Number.NaN })).toThrow(/^sac.learningRate/);
    expect(() => sacConfig({ logStdMin: 3 })).toThrow('sac.logStdMin must be < sac.logStdMax, got 3 and 2');
    expect(() => sacConfig({ sdeSampleFreq: 0 })).toThrow('sac.sdeSampleFreq: must be -1 (every rollout) or a positive number of steps, got 0');
    expect(() => sacConfig({ tau: Infinity })).toThrow('sac.tau must be a number > 0 and <= 1, got Infinity');
    expect(() => td3Config('td3', { actionNoise: { kind: 'pink' } as never })).toThrow('td3.actionNoise.kind must be one of none, gaussian, ornstein-uhlenbeck, got "pink"');
    const sac = build('sac', 0);
    const td3 = build('td3', 0);
    await expect(sac.load(td3.save())).rejects.toThrow('checkpoint holds a "td3" agent, not sac');
    const wide = build('sac', 0, { ...SMALL, hiddenLayers: [32] });
    await expect(sac.load(wide.save() as AgentSnapshot)).rejects.toThrow(/^checkpoint networks .* do not match this sac agent's/);
    const env = make<ArrayLike<number>, Float32Array>('Pendulum-v1');
    const poisoned = new Proxy(env, {
      get(target, prop, receiver) {
        if (prop !== 'step') return Reflect.get(target, prop, receiver);
        return (a: Float32Array) => ({ ...target.step(a), reward: Number.NaN });
      },
    });
    const before = weightsOf(sac);
    const result = await trainAgent({ env: poisoned, agent: sac, totalSteps: 200, seed: 0 });
    expect(result.reason).toBe('error');
    expect(result.message).toMatch(/^SAC critic loss became NaN at update 1 \(env step 50\)/);
    expect(weightsOf(sac)).toEqual(before);
    for (const a of [sac, td3, wide]) a.dispose();
  });
});

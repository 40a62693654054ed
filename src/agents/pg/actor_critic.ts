/**
 * On-policy actor-critic agents over vector envs: A2C (Mnih et al., 2016) and PPO (Schulman et
 * al., 2017) share the rollout, GAE and networks and differ in their policy loss:
 *
 *   A2C:  L_pi = -mean log pi(a|s) A
 *   PPO:  L_pi = -mean min(rho A, clip(rho, 1 - eps, 1 + eps) A),   rho = pi(a|s) / pi_old(a|s)
 *   loss = L_pi - c_H mean H(pi(.|s)) + c_V mean (V(s) - R)^2
 *
 * The entropy coefficient c_H is a first-class option and the entropy is logged in bits. A rollout
 * is `nSteps` steps of every sub-env; truncated steps bootstrap from V(final observation).
 * Discrete actions use a categorical policy over logits, Box actions a diagonal Gaussian with a
 * learned log-std (distributions.ts).
 */
import * as z from 'zod';
import * as tf from '@tensorflow/tfjs';
import type { AgentOptions, Metrics, Rollout, SavedArray, VectorAgent, VectorTransitionBatch } from '../../core/agent.js';
import { mergeConfig, type ConfigSchema } from '../../core/config.js';
import { LEARNING_RATE, makeSchedule, type Schedule, type ScheduledValue } from '../../core/schedules.js';
import { InvalidArgumentError, NonFiniteLossError, describe } from '../../core/errors.js';
import type { QNetwork } from '../networks.js';
import type { PolicyAction } from './distributions.js';
import { learningRateOf, setLearningRate } from '../optim.js';
import { gae } from './gae.js';
import { clippedSurrogateLoss, policyGradientLoss, valueLoss } from './losses.js';
import { standardize } from './returns.js';
import { PolicyGradientAgent } from './base.js';
import { PolicyValueNets } from './policy_value.js';

export interface ActorCriticConfig {
  /** Hidden layers of the policy and of the value network. Default [64, 64]. */
  hiddenLayers: number[];
  /** Hidden activation. Default tanh. */
  activation: 'relu' | 'tanh';
  /** Filters of a convolutional torso for image observations (policy and value each have one). Default []: none. */
  convFilters: number[];
  /**
   * Adam's learning rate: a number, or a schedule over env steps (a linear or cosine one without
   * `steps` spans the run). Default 7e-4 (A2C); linear from 3e-4 to 0 over the run (PPO).
   */
  learningRate: ScheduledValue;
  /** Steps of every sub-env per rollout. Default 5 (A2C), 128 (PPO). */
  nSteps: number;
  /** Discount factor. Default 0.99. */
  gamma: number;
  /** GAE lambda (1: n-step returns). Default 1 (A2C), 0.95 (PPO). */
  gaeLambda: number;
  /** Weight of the entropy bonus c_H. Default 0.01. */
  entropyCoef: number;
  /** Weight of the value loss c_V. Default 0.5. */
  valueCoef: number;
  /** Clip the global gradient norm; 0 disables. Default 0.5. */
  maxGradNorm: number;
  /** Passes over each rollout. Default 1 (A2C), 10 (PPO). */
  epochs: number;
  /** Minibatch size; 0 uses the whole rollout. Default 0 (A2C), 64 (PPO). */
  minibatchSize: number;
  /** PPO's clip range epsilon; 0 means no clipping (A2C). Default 0 (A2C), 0.2 (PPO). */
  clipRange: number;
  /** Also clip the value change to this range (PPO's optional value clipping); 0 disables. Default 0. */
  clipRangeValue: number;
  /** Scale advantages to mean 0, standard deviation 1 per minibatch. Default false (A2C), true (PPO). */
  normalizeAdvantages: boolean;
}

const COMMON = { hiddenLayers: [64, 64], convFilters: [] as number[], activation: 'tanh', gamma: 0.99, entropyCoef: 0.01, valueCoef: 0.5, maxGradNorm: 0.5, clipRangeValue: 0 } as const;

export const A2C_DEFAULTS: Readonly<ActorCriticConfig> = Object.freeze<ActorCriticConfig>({
  ...COMMON, hiddenLayers: [64, 64], learningRate: 7e-4, nSteps: 5, gaeLambda: 1, epochs: 1, minibatchSize: 0, clipRange: 0, normalizeAdvantages: false,
});

export const PPO_DEFAULTS: Readonly<ActorCriticConfig> = Object.freeze<ActorCriticConfig>({
  ...COMMON, hiddenLayers: [64, 64], learningRate: { kind: 'linear', start: 3e-4, end: 0 }, nSteps: 128, gaeLambda: 0.95, epochs: 10, minibatchSize: 64, clipRange: 0.2, normalizeAdvantages: true,
});

export const ACTOR_CRITIC_SCHEMA: ConfigSchema<ActorCriticConfig> = {
  hiddenLayers: z.array(z.int().min(1)).min(1),
  activation: z.enum(['relu', 'tanh']),
  convFilters: z.array(z.int().min(1).max(1024)).max(6),
  learningRate: LEARNING_RATE,
  nSteps: z.int().min(1),
  gamma: z.number().min(0).max(1),
  gaeLambda: z.number().min(0).max(1),
  entropyCoef: z.number().min(0),
  valueCoef: z.number().min(0),
  maxGradNorm: z.number().min(0),
  epochs: z.int().min(1),
  minibatchSize: z.int().min(0),
  clipRange: z.number().min(0).max(1),
  clipRangeValue: z.number().min(0),
  normalizeAdvantages: z.boolean(),
};

/** The keys of configs saved before learning rates were schedules (still read). */
export interface LegacyActorCriticKeys {
  /** Decay the learning rate linearly to 0 over `totalSteps`. Now a `learningRate` schedule. */
  learningRateDecay?: boolean;
  /** The run length that decay spanned. */
  totalSteps?: number;
}

/** A saved config's `learningRateDecay`/`totalSteps` as the `learningRate` they meant. */
function upgrade(algorithm: 'a2c' | 'ppo', input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !('learningRateDecay' in input || 'totalSteps' in input)) return input;
  const { learningRateDecay = algorithm === 'ppo', totalSteps, ...rest } = input as Partial<ActorCriticConfig> & LegacyActorCriticKeys;
  if (!learningRateDecay) return rest;
  const lr = typeof rest.learningRate === 'number' ? rest.learningRate : algorithm === 'ppo' ? 3e-4 : (A2C_DEFAULTS.learningRate as number);
  return { ...rest, learningRate: { kind: 'linear', start: lr, end: 0, ...(totalSteps === undefined ? {} : { steps: totalSteps }) } };
}

export function actorCriticConfig(algorithm: 'a2c' | 'ppo', input: Partial<ActorCriticConfig> & LegacyActorCriticKeys = {}): Readonly<ActorCriticConfig> {
  return mergeConfig(algorithm, algorithm === 'a2c' ? A2C_DEFAULTS : PPO_DEFAULTS, ACTOR_CRITIC_SCHEMA, upgrade(algorithm, input));
}

export interface ActorCriticOptions extends AgentOptions<ActorCriticConfig> {
  algorithm: 'a2c' | 'ppo';
  numEnvs: number;
}

export class ActorCriticAgent extends PolicyGradientAgent<'a2c' | 'ppo', ActorCriticConfig> implements VectorAgent<ArrayLike<number>, PolicyAction> {
  readonly numEnvs: number;
  private readonly learningRate: Schedule;
  // Rollout, filled step by step.
  private obs: number[] = [];
  private actions: number[] = [];
  private rewards: number[] = [];
  private dones: number[] = [];
  private values: number[] = [];
  private logps: number[] = [];
  private lastNext: Float32Array | null = null;
  private pendingActions: Float32Array = new Float32Array(0);
  private pendingLogp: Float64Array = new Float64Array(0);
  private pendingValue: Float64Array = new Float64Array(0);
  private rolloutSteps = 0;

  constructor(options: ActorCriticOptions) {
    if (!(Number.isSafeInteger(options.numEnvs) && options.numEnvs > 0)) throw new InvalidArgumentError(`numEnvs must be a positive integer, got ${describe(options.numEnvs)}`);
    const c = actorCriticConfig(options.algorithm, options.config);
    // A schedule spanning the run needs its length; 100,000 env steps when the caller gives none.
    const learningRate = makeSchedule(c.learningRate, options.totalSteps ?? 100_000, `${options.algorithm}.learningRate`);
    super(options.algorithm, c, new PolicyValueNets({
      name: options.algorithm.toUpperCase(), observationSpace: options.observationSpace, actionSpace: options.actionSpace,
      hiddenLayers: c.hiddenLayers, convFilters: c.convFilters, activation: c.activation, learningRate: learningRate(0), withValue: true, seed: options.seed,
    }));
    this.numEnvs = options.numEnvs;
    this.learningRate = learningRate;
  }

  actBatch(observations: Float32Array, numEnvs: number): Int32Array | Float32Array {
    const dist = this.nets.distribution;
    const envActions = dist.kind === 'categorical' ? new Int32Array(numEnvs) : new Float32Array(numEnvs * dist.actionSize);
    this.pendingActions = new Float32Array(numEnvs * dist.actionSize);
    this.pendingLogp = new Float64Array(numEnvs);
    this.pendingValue = new Float64Array(numEnvs);
    const { outputs, values } = this.nets.outputsAndValues(observations, numEnvs);
    const k = this.nets.policySpec.outputSize;
    for (let i = 0; i < numEnvs; i++) {
      const action = this.pendingActions.subarray(i * dist.actionSize, (i + 1) * dist.actionSize);
      this.pendingLogp[i] = dist.sample(outputs.subarray(i * k, (i + 1) * k), this.nets.rng, true, action);
      dist.writeEnvAction(action, envActions, i);
      this.pendingValue[i] = values[i] as number;
    }
    return envActions;
  }

  observeBatch(b: VectorTransitionBatch): void {
    const size = this.nets.policySpec.inputSize;
    const k = this.nets.distribution.actionSize;
    for (let i = 0; i < b.numEnvs; i++) {
      for (let d = 0; d < size; d++) this.obs.push(b.observations[i * size + d] as number);
      // The stored (unclipped) actions sampled by actBatch for this step.
      for (let d = 0; d < k; d++) this.actions.push(this.pendingActions[i * k + d] as number);
      let r = b.rewards[i] as number;
      if (b.truncated[i] && !b.terminated[i]) r += this.config.gamma * this.nets.valueOf(b.nextObservations.subarray(i * size, (i + 1) * size));
      this.rewards.push(r);
      this.dones.push(b.terminated[i] || b.truncated[i] ? 1 : 0);
      this.values.push(this.pendingValue[i] as number);
      this.logps.push(this.pendingLogp[i] as number);
    }
    this.lastNext = b.nextObservations;
    this.rolloutSteps += 1;
    this.steps += b.numEnvs;
  }

  update(): Metrics | null {
    if (this.rolloutSteps < this.config.nSteps || !this.lastNext) return null;
    const c = this.config;
    const n = this.numEnvs;
    const lastValues = Array.from(this.nets.outputsAndValues(this.lastNext, n).values);
    const { advantages, returns } = gae(this.rewards, this.values, this.dones, lastValues, { gamma: c.gamma, lambda: c.gaeLambda, nSteps: c.nSteps, nEnvs: n });
    const total = advantages.length;
    const batch = c.minibatchSize > 0 ? Math.min(c.minibatchSize, total) : total;
    setLearningRate(this.nets.optimizer, this.learningRate(this.steps));
    const sums = { policy: 0, value: 0, entropy: 0, kl: 0, clip: 0, count: 0 };
    const order = Array.from({ length: total }, (_, k) => k);
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      this.nets.minibatchRng.shuffle(order);
      for (let start = 0; start < total; start += batch) {
        const idx = order.slice(start, start + batch);
        const m = this.minibatchStep(idx, advantages, returns);
        sums.policy += m.policy;
        sums.value += m.value;
        sums.entropy += m.entropy;
        sums.kl += m.kl;
        sums.clip += m.clip;
        sums.count += 1;
      }
    }
    this.clearExperience();
    this.updates += 1;
    const k = Math.max(sums.count, 1);
    const metrics: Metrics = {
      'losses/policy_loss': sums.policy / k, 'losses/value_loss': sums.value / k, 'charts/entropy': sums.entropy / k, 'charts/updates': this.updates,
      'charts/learning_rate': learningRateOf(this.nets.optimizer),
    };
    if (this.kind === 'ppo') {
      metrics['losses/approx_kl'] = sums.kl / k;
      metrics['losses/clip_fraction'] = sums.clip / k;
    }
    return metrics;
  }

  private minibatchStep(idx: number[], advantages: Float64Array, returns: Float64Array): { policy: number; value: number; entropy: number; kl: number; clip: number } {
    const c = this.config;
    const m = idx.length;
    const { policy, value: valueNet, policySpec } = this.nets;
    const value = valueNet as QNetwork;
    const size = policySpec.inputSize;
    const dist = this.nets.distribution;
    const nA = dist.actionSize;
    const obs = new Float32Array(m * size);
    const acts = new Float32Array(m * nA);
    const adv = new Float32Array(m);
    const ret = new Float32Array(m);
    const oldLogp = new Float32Array(m);
    const oldV = new Float32Array(m);
    idx.forEach((k, j) => {
      for (let d = 0; d < size; d++) obs[j * size + d] = this.obs[k * size + d] as number;
      for (let d = 0; d < nA; d++) acts[j * nA + d] = this.actions[k * nA + d] as number;
      adv[j] = advantages[k] as number;
      ret[j] = returns[k] as number;
      oldLogp[j] = this.logps[k] as number;
      oldV[j] = this.values[k] as number;
    });
    if (c.normalizeAdvantages) standardize(adv);
    const out = { policy: 0, value: 0, entropy: 0, kl: 0, clip: 0, total: 0 };
    tf.tidy(() => {
      const x = tf.tensor2d(obs, [m, size]);
      const actions = tf.tensor2d(acts, [m, nA]);
      const A = tf.tensor1d(adv);
      const R = tf.tensor1d(ret);
      const logpOld = tf.tensor1d(oldLogp);
      const vOld = tf.tensor1d(oldV);
      const kept: tf.Tensor[] = [];
      const lossFn = (): tf.Scalar => {
        const out = policy.apply(x);
        const logp = dist.logProb(out, actions);
        let policyLoss: tf.Scalar;
        let ratio: tf.Tensor1D = tf.onesLike(logp);
        if (c.clipRange > 0) ({ loss: policyLoss, ratio } = clippedSurrogateLoss(logp, logpOld, A, c.clipRange));
        else policyLoss = policyGradientLoss(logp, A);
        const v = tf.squeeze(value.apply(x), [1]) as tf.Tensor1D;
        const vLoss = valueLoss(v, R, vOld, c.clipRangeValue);
        const entropy = tf.mean(dist.entropy(out)) as tf.Scalar;
        kept.push(tf.keep(policyLoss), tf.keep(vLoss), tf.keep(entropy), tf.keep(tf.mean(tf.sub(logpOld, logp))), tf.keep(tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), c.clipRange), 'float32'))));
        return tf.add(tf.sub(policyLoss, tf.mul(c.entropyCoef, entropy)), tf.mul(c.valueCoef, vLoss)) as tf.Scalar;
      };
      const { value: loss, grads } = this.nets.optimizer.computeGradients(lossFn, this.nets.variables());
      out.total = loss.dataSync()[0] as number;
      const [pl, vl, en, kl, cf] = kept.map((t) => t.dataSync()[0] as number);
      Object.assign(out, { policy: pl, value: vl, entropy: (en as number) / Math.LN2, kl, clip: cf });
      tf.dispose(kept);
      if (Number.isFinite(out.total)) this.nets.applyGradients(grads, c.maxGradNorm);
    });
    if (!Number.isFinite(out.total)) {
      throw new NonFiniteLossError(`${this.kind.toUpperCase()} loss became ${out.total} at update ${this.updates + 1} (env step ${this.steps}); weights were left unchanged`);
    }
    return out;
  }

  takeRollout(): Rollout | null {
    if (this.rolloutSteps < this.config.nSteps || !this.lastNext) return null;
    const rollout: Rollout = {
      numEnvs: this.numEnvs, steps: this.rolloutSteps, observations: Float32Array.from(this.obs), actions: Float32Array.from(this.actions),
      rewards: Float64Array.from(this.rewards), dones: Uint8Array.from(this.dones), values: Float64Array.from(this.values), logps: Float64Array.from(this.logps), lastNext: this.lastNext.slice(),
    };
    this.clearExperience();
    return rollout;
  }

  putRollout(r: Rollout): void {
    const rows = r.numEnvs * r.steps;
    const size = this.nets.policySpec.inputSize;
    const k = this.nets.distribution.actionSize;
    const fits = r.numEnvs === this.numEnvs && r.steps === this.config.nSteps && r.observations.length === rows * size && r.actions.length === rows * k
      && r.rewards.length === rows && r.dones.length === rows && r.values.length === rows && r.logps.length === rows && r.lastNext.length === r.numEnvs * size;
    if (!fits) throw new InvalidArgumentError(`${this.kind} rollout must be ${this.config.nSteps} steps of ${this.numEnvs} env copies with ${size} observation and ${k} action numbers each, got ${r.steps} x ${r.numEnvs} (${r.observations.length} observation numbers)`);
    this.clearExperience();
    this.obs = Array.from(r.observations);
    this.actions = Array.from(r.actions);
    this.rewards = Array.from(r.rewards);
    this.dones = Array.from(r.dones);
    this.values = Array.from(r.values);
    this.logps = Array.from(r.logps);
    this.lastNext = r.lastNext;
    this.rolloutSteps = r.steps;
    this.steps += rows;
  }

  actingWeights(): SavedArray[] {
    return this.nets.actingWeights();
  }

  loadActingWeights(weights: readonly SavedArray[]): void {
    this.nets.loadActingWeights(weights);
  }

  /** A remote actor's agent: the learner's env-step count (nothing it acts by is scheduled by steps; kept for its status). */
  setActorProgress(step: number): void {
    this.steps = step;
  }

  protected clearExperience(): void {
    this.obs = [];
    this.actions = [];
    this.rewards = [];
    this.dones = [];
    this.values = [];
    this.logps = [];
    this.rolloutSteps = 0;
  }
}

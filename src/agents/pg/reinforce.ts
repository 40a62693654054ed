/**
 * REINFORCE with a learned baseline and an entropy bonus (Williams, 1992; the tutorial's
 * entropy-regularised policy gradient): after each batch of episodes,
 *
 *   loss = -mean_t log pi(a_t | s_t) (G_t - V(s_t))  -  c_H mean_t H(pi(. | s_t))  +  c_V mean_t (G_t - V(s_t))^2
 *
 * The negative entropy term keeps the policy from collapsing onto one action too early; the
 * entropy is logged in bits (`charts/entropy`). Returns bootstrap from V at a truncation, never
 * at a termination. Discrete actions use a categorical policy over logits, Box actions a diagonal
 * Gaussian with a learned log-std (distributions.ts).
 */
import * as z from 'zod';
import * as tf from '@tensorflow/tfjs';
import type { Agent, AgentOptions, Metrics, Transition } from '../../core/agent.js';
import { mergeConfig, type ConfigSchema } from '../../core/config.js';
import { NonFiniteLossError } from '../../core/errors.js';
import { LEARNING_RATE, makeSchedule, type Schedule, type ScheduledValue } from '../../core/schedules.js';
import { setLearningRate } from '../optim.js';
import { PolicyGradientAgent } from './base.js';
import { policyGradientLoss, valueLoss as valueMse } from './losses.js';
import type { PolicyAction } from './distributions.js';
import { PolicyValueNets } from './policy_value.js';
import { discountedReturns, standardize } from './returns.js';

export interface ReinforceConfig {
  /** Hidden layers of the policy and of the baseline. Default [64, 64]. */
  hiddenLayers: number[];
  /** Hidden activation. Default tanh. */
  activation: 'relu' | 'tanh';
  /** Adam's learning rate: a number, or a schedule over env steps (without `steps`: over the run). Default 1e-3. */
  learningRate: ScheduledValue;
  /** Discount factor. Default 0.99. */
  gamma: number;
  /** Weight of the entropy bonus c_H (0 turns it off). Default 0.01. */
  entropyCoef: number;
  /** Learn a state-value baseline V(s). Default true. */
  baseline: boolean;
  /** Weight of the baseline's squared error c_V. Default 0.5. */
  valueCoef: number;
  /** Scale each batch's advantages to mean 0, standard deviation 1. Default true. */
  normalizeAdvantages: boolean;
  /** Clip the global gradient norm; 0 disables. Default 0.5. */
  maxGradNorm: number;
  /** Episodes per gradient step. Default 1. */
  batchEpisodes: number;
}

export const REINFORCE_DEFAULTS: Readonly<ReinforceConfig> = Object.freeze<ReinforceConfig>({
  hiddenLayers: [64, 64], activation: 'tanh', learningRate: 1e-3, gamma: 0.99, entropyCoef: 0.01, baseline: true,
  valueCoef: 0.5, normalizeAdvantages: true, maxGradNorm: 0.5, batchEpisodes: 1,
});

export const REINFORCE_SCHEMA: ConfigSchema<ReinforceConfig> = {
  hiddenLayers: z.array(z.int().min(1)).min(1),
  activation: z.enum(['relu', 'tanh']),
  learningRate: LEARNING_RATE,
  gamma: z.number().min(0).max(1),
  entropyCoef: z.number().min(0),
  baseline: z.boolean(),
  valueCoef: z.number().min(0),
  normalizeAdvantages: z.boolean(),
  maxGradNorm: z.number().min(0),
  batchEpisodes: z.int().min(1),
};

export function reinforceConfig(input: Partial<ReinforceConfig> = {}): Readonly<ReinforceConfig> {
  return mergeConfig('reinforce', REINFORCE_DEFAULTS, REINFORCE_SCHEMA, input);
}

export type ReinforceOptions = AgentOptions<ReinforceConfig>;

export class ReinforceAgent extends PolicyGradientAgent<'reinforce', ReinforceConfig> implements Agent<ArrayLike<number>, PolicyAction> {
  // The batch being collected.
  private obs: number[] = [];
  private actions: number[] = [];
  private returns: number[] = [];
  private episodeRewards: number[] = [];
  private episodes = 0;
  /** The stored form of the last action `act` sampled (unclipped for a Box). */
  private lastAction: Float32Array | null = null;

  private readonly learningRate: Schedule;

  constructor(options: ReinforceOptions) {
    const c = reinforceConfig(options.config);
    const learningRate = makeSchedule(c.learningRate, options.totalSteps, 'reinforce.learningRate');
    super('reinforce', c, new PolicyValueNets({
      name: 'REINFORCE', observationSpace: options.observationSpace, actionSpace: options.actionSpace, hiddenLayers: c.hiddenLayers,
      activation: c.activation, learningRate: learningRate(0), withValue: c.baseline, seed: options.seed,
    }));
    this.learningRate = learningRate;
  }

  override act(observation: ArrayLike<number>, options: { explore?: boolean } = {}): PolicyAction {
    const dist = this.nets.distribution;
    const action = new Float32Array(dist.actionSize);
    this.nets.sampleInto(observation, options.explore !== false, action);
    if (options.explore !== false) this.lastAction = action;
    return dist.envAction(action);
  }

  /** Learns from the action `act` sampled last; a transition with another action is stored as given. */
  observe(t: Transition<ArrayLike<number>, PolicyAction>): void {
    this.steps += 1;
    for (let i = 0; i < t.observation.length; i++) this.obs.push(t.observation[i] as number);
    for (const v of this.nets.distribution.storedAction(t.action, this.lastAction)) this.actions.push(v);
    this.lastAction = null;
    this.episodeRewards.push(t.reward);
    if (t.terminated || t.truncated) {
      const bootstrap = t.terminated ? 0 : this.nets.valueOf(t.nextObservation);
      this.returns.push(...discountedReturns(this.episodeRewards, this.config.gamma, bootstrap));
      this.episodeRewards = [];
      this.episodes += 1;
    }
  }

  update(): Metrics | null {
    if (this.episodes < this.config.batchEpisodes) return null;
    setLearningRate(this.nets.optimizer, this.learningRate(this.steps));
    const metrics = this.gradientStep();
    this.clearBatch();
    return metrics;
  }

  private gradientStep(): Metrics {
    const c = this.config;
    const { policy, value, policySpec } = this.nets;
    const dist = this.nets.distribution;
    const nA = dist.actionSize;
    const n = this.actions.length / nA;
    const result = { policy: 0, value: 0, entropyBits: 0, total: 0 };
    tf.tidy(() => {
      const obs = tf.tensor2d(Float32Array.from(this.obs), [n, policySpec.inputSize]);
      const actions = tf.tensor2d(Float32Array.from(this.actions), [n, nA]);
      const returns = Float32Array.from(this.returns);
      const baseline = value ? (value.apply(obs, false).dataSync() as Float32Array) : new Float32Array(n);
      const adv = returns.map((g, i) => g - (baseline[i] as number));
      if (c.normalizeAdvantages) standardize(adv);
      const advantages = tf.tensor1d(adv);
      const targets = tf.tensor1d(returns);
      const parts: tf.Scalar[] = [];
      const lossFn = (): tf.Scalar => {
        const out = policy.apply(obs);
        const logpTaken = dist.logProb(out, actions);
        const policyLoss = policyGradientLoss(logpTaken, advantages);
        const entropy = tf.mean(dist.entropy(out)) as tf.Scalar;
        let total = tf.sub(policyLoss, tf.mul(c.entropyCoef, entropy)) as tf.Scalar;
        let valueLoss = tf.scalar(0);
        if (value) {
          valueLoss = valueMse(tf.squeeze(value.apply(obs), [1]) as tf.Tensor1D, targets);
          total = tf.add(total, tf.mul(c.valueCoef, valueLoss)) as tf.Scalar;
        }
        parts.push(tf.keep(policyLoss), tf.keep(valueLoss), tf.keep(entropy));
        return total;
      };
      const { value: loss, grads } = this.nets.optimizer.computeGradients(lossFn, this.nets.variables());
      result.total = loss.dataSync()[0] as number;
      const [pl, vl, ent] = parts;
      result.policy = pl?.dataSync()[0] as number;
      result.value = vl?.dataSync()[0] as number;
      result.entropyBits = (ent?.dataSync()[0] as number) / Math.LN2;
      tf.dispose(parts);
      if (Number.isFinite(result.total)) this.nets.applyGradients(grads, c.maxGradNorm);
    });
    if (!Number.isFinite(result.total)) {
      throw new NonFiniteLossError(`REINFORCE loss became ${result.total} at update ${this.updates + 1} (env step ${this.steps}); weights were left unchanged`);
    }
    this.updates += 1;
    return { 'losses/policy_loss': result.policy, 'losses/value_loss': result.value, 'charts/entropy': result.entropyBits, 'charts/updates': this.updates };
  }


  /** Drops the finished episodes of the batch; an episode in progress carries on. */
  private clearBatch(): void {
    this.lastAction = null;
    this.obs = [];
    this.actions = [];
    this.returns = [];
    this.episodes = 0;
  }

  protected clearExperience(): void {
    this.clearBatch();
    this.episodeRewards = [];
  }
}

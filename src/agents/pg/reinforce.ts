/**
 * REINFORCE with a learned baseline and an entropy bonus (Williams, 1992; the tutorial's
 * entropy-regularised policy gradient): after each batch of episodes,
 *
 *   loss = -mean_t log pi(a_t | s_t) (G_t - V(s_t))  -  c_H mean_t H(pi(. | s_t))  +  c_V mean_t (G_t - V(s_t))^2
 *
 * The negative entropy term keeps the policy from collapsing onto one action too early; the
 * entropy is logged in bits (`charts/entropy`). Returns bootstrap from V at a truncation, never
 * at a termination. Discrete actions (a categorical policy over logits).
 */
import * as tf from '@tensorflow/tfjs';
import type { Agent, AgentSnapshot, Metrics, SavedArray, Transition } from '../../core/agent.js';
import { mergeConfig, type ConfigSchema } from '../../core/config.js';
import { InvalidArgumentError, TfgymError, describe } from '../../core/errors.js';
import { Rng, type RngState } from '../../core/rng.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import type { Space } from '../../core/spaces/space.js';
import { entropyOp } from '../information.js';
import { QNetwork, forwardJs, initialWeights, weightShapes, type MlpSpec } from '../networks.js';
import { clipByGlobalNorm, loadAdam, saveAdam } from '../optim.js';
import { argmax } from '../../policies/exploration.js';
import { discountedReturns } from './returns.js';

export interface ReinforceConfig {
  /** Hidden layers of the policy and of the baseline. Default [64, 64]. */
  hiddenLayers: number[];
  /** Hidden activation. Default tanh. */
  activation: 'relu' | 'tanh';
  /** Adam's learning rate. Default 1e-3. */
  learningRate: number;
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

const SCHEMA: ConfigSchema<ReinforceConfig> = {
  hiddenLayers: { type: 'numbers', min: 1, integer: true, minLength: 1 },
  activation: { type: 'string', oneOf: ['relu', 'tanh'] },
  learningRate: { type: 'number', min: 0, exclusiveMin: true, max: 1 },
  gamma: { type: 'number', min: 0, max: 1 },
  entropyCoef: { type: 'number', min: 0 },
  baseline: { type: 'boolean' },
  valueCoef: { type: 'number', min: 0 },
  normalizeAdvantages: { type: 'boolean' },
  maxGradNorm: { type: 'number', min: 0 },
  batchEpisodes: { type: 'number', min: 1, integer: true },
};

export function reinforceConfig(input: Partial<ReinforceConfig> = {}): Readonly<ReinforceConfig> {
  return mergeConfig('reinforce', REINFORCE_DEFAULTS, SCHEMA, input);
}

export interface ReinforceOptions {
  observationSpace: Space<unknown>;
  actionSpace: Space<unknown>;
  config?: Partial<ReinforceConfig>;
  seed: number;
}

class NonFinitePolicyLoss extends TfgymError {}

export class ReinforceAgent implements Agent<ArrayLike<number>, number> {
  readonly kind = 'reinforce';
  readonly config: Readonly<ReinforceConfig>;
  readonly policy: QNetwork;
  readonly value: QNetwork | null;
  private readonly policySpec: MlpSpec;
  private readonly valueSpec: MlpSpec;
  private readonly optimizer: tf.AdamOptimizer;
  private rng: Rng;
  private weightsJs: Float32Array[] | null = null;
  private valueWeightsJs: Float32Array[] | null = null;
  private readonly scratch: Float64Array[];
  // The batch being collected.
  private obs: number[] = [];
  private actions: number[] = [];
  private returns: number[] = [];
  private episodeRewards: number[] = [];
  private episodes = 0;
  private updates = 0;
  private steps = 0;

  constructor(options: ReinforceOptions) {
    const { observationSpace, actionSpace } = options;
    if (!(actionSpace instanceof Discrete)) throw new InvalidArgumentError(`REINFORCE needs a Discrete action space, got ${String(actionSpace)}`);
    if (!(observationSpace instanceof Box)) throw new InvalidArgumentError(`REINFORCE needs a Box observation space, got ${String(observationSpace)}`);
    this.config = reinforceConfig(options.config);
    const c = this.config;
    const root = new Rng(options.seed);
    const base = { inputSize: observationSpace.size, hiddenLayers: [...c.hiddenLayers], activation: c.activation, dueling: false };
    this.policySpec = { ...base, outputSize: actionSpace.n };
    this.valueSpec = { ...base, outputSize: 1 };
    this.policy = new QNetwork(this.policySpec, initialWeights(this.policySpec, root.child('policy')));
    this.value = c.baseline ? new QNetwork(this.valueSpec, initialWeights(this.valueSpec, root.child('value'))) : null;
    this.optimizer = tf.train.adam(c.learningRate);
    this.rng = root.child('actions');
    this.scratch = c.hiddenLayers.map((h) => new Float64Array(h));
  }

  private variables(): tf.Variable[] {
    return [...this.policy.variables, ...(this.value?.variables ?? [])];
  }

  /** Action probabilities for one observation. */
  probabilities(observation: ArrayLike<number>): Float64Array {
    this.weightsJs ??= this.policy.readWeights();
    const logits = new Float64Array(this.policySpec.outputSize);
    forwardJs(this.policySpec, this.weightsJs, observation, this.scratch, logits);
    const max = Math.max(...logits);
    const e = logits.map((z) => Math.exp(z - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  }

  private valueOf(observation: ArrayLike<number>): number {
    if (!this.value) return 0;
    this.valueWeightsJs ??= this.value.readWeights();
    const out = new Float64Array(1);
    forwardJs(this.valueSpec, this.valueWeightsJs, observation, this.scratch, out);
    return out[0] as number;
  }

  act(observation: ArrayLike<number>, options: { explore?: boolean } = {}): number {
    const p = this.probabilities(observation);
    if (options.explore === false) return argmax(p);
    let u = this.rng.random();
    for (let a = 0; a < p.length; a++) {
      u -= p[a] as number;
      if (u < 0) return a;
    }
    return p.length - 1;
  }

  observe(t: Transition<ArrayLike<number>, number>): void {
    this.steps += 1;
    for (let i = 0; i < t.observation.length; i++) this.obs.push(t.observation[i] as number);
    this.actions.push(t.action);
    this.episodeRewards.push(t.reward);
    if (t.terminated || t.truncated) {
      const bootstrap = t.terminated ? 0 : this.valueOf(t.nextObservation);
      this.returns.push(...discountedReturns(this.episodeRewards, this.config.gamma, bootstrap));
      this.episodeRewards = [];
      this.episodes += 1;
    }
  }

  update(): Metrics | null {
    if (this.episodes < this.config.batchEpisodes) return null;
    const metrics = this.gradientStep();
    this.obs = [];
    this.actions = [];
    this.returns = [];
    this.episodes = 0;
    this.weightsJs = null;
    this.valueWeightsJs = null;
    return metrics;
  }

  private gradientStep(): Metrics {
    const c = this.config;
    const n = this.actions.length;
    const nA = this.policySpec.outputSize;
    const result = { policy: 0, value: 0, entropyBits: 0, total: 0 };
    tf.tidy(() => {
      const obs = tf.tensor2d(Float32Array.from(this.obs), [n, this.policySpec.inputSize]);
      const mask = new Float32Array(n * nA);
      this.actions.forEach((a, i) => (mask[i * nA + a] = 1));
      const actionMask = tf.tensor2d(mask, [n, nA]);
      const returns = Float32Array.from(this.returns);
      const baseline = this.value ? (this.value.apply(obs, false).dataSync() as Float32Array) : new Float32Array(n);
      const adv = returns.map((g, i) => g - (baseline[i] as number));
      if (c.normalizeAdvantages && n > 1) {
        const mean = adv.reduce((a, b) => a + b, 0) / n;
        const std = Math.sqrt(adv.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
        for (let i = 0; i < n; i++) adv[i] = ((adv[i] as number) - mean) / (std + 1e-8);
      }
      const advantages = tf.tensor1d(adv);
      const targets = tf.tensor1d(returns);
      const parts: tf.Scalar[] = [];
      const lossFn = (): tf.Scalar => {
        const logits = this.policy.apply(obs);
        const logpTaken = tf.sum(tf.mul(tf.logSoftmax(logits), actionMask), 1);
        const policyLoss = tf.neg(tf.mean(tf.mul(logpTaken, advantages))) as tf.Scalar;
        const entropy = tf.mean(entropyOp(logits, 'nats')) as tf.Scalar;
        let total = tf.sub(policyLoss, tf.mul(c.entropyCoef, entropy)) as tf.Scalar;
        let valueLoss = tf.scalar(0);
        if (this.value) {
          valueLoss = tf.mean(tf.square(tf.sub(tf.squeeze(this.value.apply(obs), [1]), targets))) as tf.Scalar;
          total = tf.add(total, tf.mul(c.valueCoef, valueLoss)) as tf.Scalar;
        }
        parts.push(tf.keep(policyLoss), tf.keep(valueLoss), tf.keep(entropy));
        return total;
      };
      const { value, grads } = this.optimizer.computeGradients(lossFn, this.variables());
      result.total = value.dataSync()[0] as number;
      const [pl, vl, ent] = parts;
      result.policy = pl?.dataSync()[0] as number;
      result.value = vl?.dataSync()[0] as number;
      result.entropyBits = (ent?.dataSync()[0] as number) / Math.LN2;
      tf.dispose(parts);
      if (!Number.isFinite(result.total)) return;
      this.optimizer.applyGradients((c.maxGradNorm > 0 ? clipByGlobalNorm(grads, c.maxGradNorm) : grads) as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
    });
    if (!Number.isFinite(result.total)) {
      throw new NonFinitePolicyLoss(`REINFORCE loss became ${result.total} at update ${this.updates + 1} (env step ${this.steps}); weights were left unchanged`);
    }
    this.updates += 1;
    return { 'losses/policy_loss': result.policy, 'losses/value_loss': result.value, 'charts/entropy': result.entropyBits, 'charts/updates': this.updates };
  }

  status(): Metrics {
    return {};
  }

  save(): AgentSnapshot {
    const arrays: Record<string, SavedArray> = {};
    const put = (prefix: string, net: QNetwork, spec: MlpSpec) => {
      const shapes = weightShapes(spec);
      net.readWeights().forEach((w, i) => (arrays[`${prefix}/${i}`] = { shape: shapes[i] as number[], data: w }));
    };
    put('policy', this.policy, this.policySpec);
    if (this.value) put('value', this.value, this.valueSpec);
    const opt = saveAdam(this.optimizer);
    opt.forEach((a, i) => (arrays[`optimizer/${i}`] = a));
    return { kind: this.kind, meta: { config: this.config, policySpec: this.policySpec, steps: this.steps, updates: this.updates, rng: this.rng.state(), optimizerCount: opt.length }, arrays };
  }

  async load(snapshot: AgentSnapshot): Promise<void> {
    if (snapshot.kind !== this.kind) throw new InvalidArgumentError(`checkpoint holds a ${describe(snapshot.kind)} agent, not ${this.kind}`);
    const meta = snapshot.meta as { policySpec: MlpSpec; steps: number; updates: number; rng: RngState; optimizerCount: number };
    if (JSON.stringify(meta.policySpec) !== JSON.stringify(this.policySpec)) {
      throw new InvalidArgumentError(`checkpoint policy ${JSON.stringify(meta.policySpec)} does not match this agent's ${JSON.stringify(this.policySpec)}`);
    }
    const take = (prefix: string, spec: MlpSpec): Float32Array[] =>
      weightShapes(spec).map((_, i) => (snapshot.arrays[`${prefix}/${i}`]?.data as Float32Array | undefined) ?? (() => { throw new InvalidArgumentError(`checkpoint lacks array ${prefix}/${i}`); })());
    this.policy.writeWeights(take('policy', this.policySpec));
    if (this.value) this.value.writeWeights(take('value', this.valueSpec));
    await loadAdam(this.optimizer, this.variables(), Array.from({ length: meta.optimizerCount }, (_, i) => snapshot.arrays[`optimizer/${i}`] as SavedArray));
    this.steps = meta.steps;
    this.updates = meta.updates;
    this.rng = Rng.fromState(meta.rng);
    this.obs = [];
    this.actions = [];
    this.returns = [];
    this.episodeRewards = [];
    this.episodes = 0;
    this.weightsJs = null;
    this.valueWeightsJs = null;
  }

  dispose(): void {
    this.policy.dispose();
    this.value?.dispose();
    this.optimizer.dispose();
  }
}

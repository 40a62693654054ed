/**
 * What the policy-gradient agents share: a policy network feeding an action distribution
 * (categorical for Discrete, diagonal Gaussian for Box; see distributions.ts), an optional
 * state-value network, one Adam optimiser over all of it, JavaScript forward passes for acting
 * (cached until the next update), the action sampler, and saving/loading all of it.
 */
import * as tf from '@tensorflow/tfjs';
import type { AgentSnapshot, SavedArray } from '../../core/agent.js';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { checkMemory } from '../../core/memory.js';
import { Rng, type RngState } from '../../core/rng.js';
import { Box } from '../../core/spaces/box.js';
import type { Space } from '../../core/spaces/space.js';
import { Categorical, distributionFor, type ActionDistribution, type PolicyAction } from './distributions.js';
import { QNetwork, convSpecFor, initialWeights, parameterCount, weightShapes, type MlpSpec } from '../networks.js';
import { clipByGlobalNorm, loadAdam, saveAdam } from '../optim.js';

export interface PolicyValueOptions {
  /** Agent name for error messages, e.g. `PPO`. */
  name: string;
  observationSpace: Space<unknown>;
  actionSpace: Space<unknown>;
  hiddenLayers: readonly number[];
  activation: 'relu' | 'tanh';
  /** Filters of a convolutional torso for image observations (each network has its own); none by default. */
  convFilters?: readonly number[];
  learningRate: number;
  withValue: boolean;
  seed: number;
}

/** Counters a policy-gradient agent keeps across save and load. */
export interface AgentCounters {
  steps: number;
  updates: number;
}

export class PolicyValueNets {
  readonly policySpec: MlpSpec;
  readonly valueSpec: MlpSpec;
  readonly policy: QNetwork;
  readonly value: QNetwork | null;
  readonly distribution: ActionDistribution;
  readonly optimizer: tf.AdamOptimizer;
  /** The stream actions are sampled from. */
  rng: Rng;
  /** The stream that orders minibatches (PPO's epochs), apart from acting so each stays reproducible alone. */
  minibatchRng: Rng;
  private policyJs: Float32Array[] | null = null;
  private valueJs: Float32Array[] | null = null;
  private readonly scratch: Float64Array[];
  /** Reused by the acting path (sampleInto, valueOf), which runs every env step. */
  private readonly outBuf: Float64Array;
  private readonly valueBuf = new Float64Array(1);

  constructor(o: PolicyValueOptions) {
    if (!(o.observationSpace instanceof Box)) throw new InvalidArgumentError(`${o.name} needs a Box observation space, got ${String(o.observationSpace)}`);
    this.distribution = distributionFor(o.name, o.actionSpace);
    const root = new Rng(o.seed);
    const conv = o.convFilters && o.convFilters.length > 0 ? convSpecFor(o.name, o.observationSpace, o.convFilters) : null;
    const base = { inputSize: o.observationSpace.size, hiddenLayers: [...o.hiddenLayers], activation: o.activation, dueling: false, ...(conv ? { conv } : {}) };
    this.policySpec = { ...base, outputSize: this.distribution.outputSize };
    this.valueSpec = { ...base, outputSize: 1 };
    const params = parameterCount(this.policySpec) + (o.withValue ? parameterCount(this.valueSpec) : 0);
    // Weights and Adam's two moments, sized before anything is allocated.
    checkMemory(`this ${o.name} config`, { [`networks (3 x ${params.toLocaleString('en-US')} parameters)`]: 12 * params });
    this.policy = new QNetwork(this.policySpec, initialWeights(this.policySpec, root.child('policy')));
    this.value = o.withValue ? new QNetwork(this.valueSpec, initialWeights(this.valueSpec, root.child('value'))) : null;
    this.optimizer = tf.train.adam(o.learningRate);
    this.rng = root.child('actions');
    this.minibatchRng = root.child('minibatches');
    this.scratch = o.hiddenLayers.map((h) => new Float64Array(h));
    this.outBuf = new Float64Array(this.policySpec.outputSize);
  }

  variables(): tf.Variable[] {
    return [...this.policy.variables, ...this.distribution.variables, ...(this.value?.variables ?? [])];
  }

  /** The policy network's outputs for one observation (logits, or the Gaussian's mean). */
  outputs(observation: ArrayLike<number>, out: Float64Array = new Float64Array(this.policySpec.outputSize)): Float64Array {
    this.policy.forwardOne(() => (this.policyJs ??= this.policy.readWeights()), observation, this.scratch, out);
    return out;
  }

  /** Policy outputs and values of `n` observations (rows of `observations`), for acting on a vector env. */
  outputsAndValues(observations: Float32Array, n: number): { outputs: Float64Array; values: Float64Array } {
    const outputs = this.policy.forwardBatch(() => (this.policyJs ??= this.policy.readWeights()), observations, n, this.scratch);
    const value = this.value;
    const values = value ? value.forwardBatch(() => (this.valueJs ??= value.readWeights()), observations, n, this.scratch) : new Float64Array(n);
    return { outputs, values };
  }

  /** pi(. | observation) of a categorical policy. */
  probabilities(observation: ArrayLike<number>): Float64Array {
    if (!(this.distribution instanceof Categorical)) throw new InvalidArgumentError(`probabilities needs a Discrete action space; this policy is ${this.distribution.kind}`);
    return this.distribution.probabilities(this.outputs(observation));
  }

  /** V(observation), or 0 without a value network. */
  valueOf(observation: ArrayLike<number>): number {
    if (!this.value) return 0;
    const value = this.value;
    value.forwardOne(() => (this.valueJs ??= value.readWeights()), observation, this.scratch, this.valueBuf);
    return this.valueBuf[0] as number;
  }

  /**
   * Writes the stored form of an action for `observation` into `action` (sampled when `explore`,
   * else the mode) and returns its log-probability.
   */
  sampleInto(observation: ArrayLike<number>, explore: boolean, action: Float32Array): number {
    return this.distribution.sample(this.outputs(observation, this.outBuf), this.rng, explore, action);
  }

  /** An action for the env. */
  act(observation: ArrayLike<number>, explore: boolean): PolicyAction {
    const action = new Float32Array(this.distribution.actionSize);
    this.sampleInto(observation, explore, action);
    return this.distribution.envAction(action);
  }

  /** Applies gradients (clipped to `maxGradNorm` when > 0) and drops the cached JS weights. */
  applyGradients(grads: tf.NamedTensorMap, maxGradNorm: number): void {
    this.optimizer.applyGradients((maxGradNorm > 0 ? clipByGlobalNorm(grads, maxGradNorm) : grads) as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
    this.invalidate();
  }

  /** Every variable's values with its shape (what a learner publishes to remote actors). */
  actingWeights(): SavedArray[] {
    return this.variables().map((v) => ({ shape: [...v.shape], data: v.dataSync() as Float32Array }));
  }

  /** Puts {@link actingWeights} of nets of the same shapes into these. */
  loadActingWeights(weights: readonly SavedArray[]): void {
    const vars = this.variables();
    const ok = weights.length === vars.length && weights.every((w, i) => JSON.stringify(w.shape) === JSON.stringify((vars[i] as tf.Variable).shape));
    if (!ok) throw new InvalidArgumentError(`acting weights must have shapes ${JSON.stringify(vars.map((v) => v.shape))}, got ${JSON.stringify(weights.map((w) => w.shape))}`);
    tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(Float32Array.from((weights[i] as SavedArray).data), v.shape))));
    this.invalidate();
  }

  private invalidate(): void {
    this.policyJs = null;
    this.valueJs = null;
    this.distribution.invalidate();
  }

  /** Weights, optimizer state, RNG state and the agent's counters, under `kind`. */
  save(kind: string, counters: AgentCounters, meta: Record<string, unknown>): AgentSnapshot {
    const arrays: Record<string, SavedArray> = {};
    const put = (prefix: string, net: QNetwork, spec: MlpSpec): void => {
      const shapes = weightShapes(spec);
      net.readWeights().forEach((w, i) => (arrays[`${prefix}/${i}`] = { shape: shapes[i] as number[], data: w }));
    };
    put('policy', this.policy, this.policySpec);
    if (this.value) put('value', this.value, this.valueSpec);
    this.distribution.variables.forEach((v, i) => (arrays[`distribution/${i}`] = { shape: [...v.shape], data: v.dataSync() as Float32Array }));
    const opt = saveAdam(this.optimizer);
    opt.forEach((a, i) => (arrays[`optimizer/${i}`] = a));
    return { kind, meta: { ...meta, steps: counters.steps, updates: counters.updates, policySpec: this.policySpec, distribution: this.distribution.kind, rng: this.rng.state(), minibatchRng: this.minibatchRng.state(), optimizerCount: opt.length }, arrays };
  }

  /** Restores what `save` wrote and returns the agent's counters. */
  async load(kind: string, snapshot: AgentSnapshot): Promise<AgentCounters> {
    if (snapshot.kind !== kind) throw new InvalidArgumentError(`checkpoint holds a ${describe(snapshot.kind)} agent, not ${kind}`);
    const meta = snapshot.meta as { policySpec: MlpSpec; distribution: unknown; rng: RngState; minibatchRng?: RngState; optimizerCount: number; steps: unknown; updates: unknown };
    for (const key of ['steps', 'updates'] as const) {
      const v = meta[key];
      if (!(Number.isSafeInteger(v) && (v as number) >= 0)) throw new InvalidArgumentError(`checkpoint ${key} must be a non-negative integer, got ${describe(v)}`);
    }
    if (JSON.stringify(meta.policySpec) !== JSON.stringify(this.policySpec)) {
      throw new InvalidArgumentError(`checkpoint policy ${JSON.stringify(meta.policySpec)} does not match this agent's ${JSON.stringify(this.policySpec)}`);
    }
    if ((meta.distribution ?? 'categorical') !== this.distribution.kind) {
      throw new InvalidArgumentError(`checkpoint holds a ${describe(meta.distribution)} policy; this agent's is ${this.distribution.kind}`);
    }
    const extra = this.distribution.variables.map((v, i) => {
      const a = snapshot.arrays[`distribution/${i}`];
      if (!a || a.data.length !== v.size) throw new InvalidArgumentError(`checkpoint array distribution/${i} must hold ${v.size} numbers, got ${describe(a?.data.length)}`);
      return a;
    });
    const take = (prefix: string, spec: MlpSpec): Float32Array[] =>
      weightShapes(spec).map((_, i) => {
        const a = snapshot.arrays[`${prefix}/${i}`];
        if (!a) throw new InvalidArgumentError(`checkpoint lacks array ${prefix}/${i}`);
        return a.data as Float32Array;
      });
    this.policy.writeWeights(take('policy', this.policySpec));
    this.value?.writeWeights(take('value', this.valueSpec));
    tf.tidy(() => this.distribution.variables.forEach((v, i) => v.assign(tf.tensor((extra[i] as SavedArray).data as Float32Array, v.shape))));
    await loadAdam(this.optimizer, this.variables(), Array.from({ length: meta.optimizerCount }, (_, i) => snapshot.arrays[`optimizer/${i}`] as SavedArray));
    this.rng = Rng.fromState(meta.rng);
    // Checkpoints written before the minibatch stream existed keep this agent's fresh one.
    if (meta.minibatchRng) this.minibatchRng = Rng.fromState(meta.minibatchRng);
    this.invalidate();
    return { steps: meta.steps as number, updates: meta.updates as number };
  }

  dispose(): void {
    this.policy.dispose();
    this.value?.dispose();
    this.distribution.dispose();
    this.optimizer.dispose();
  }
}

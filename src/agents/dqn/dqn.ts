/**
 * Deep Q-learning (Mnih et al., 2015) with its modern fixes as options: Double DQN, dueling
 * heads, Huber loss, gradient-norm clipping, hard or Polyak target updates, n-step returns and
 * prioritized replay. The learning rule, per sampled transition:
 *
 *   y = r + gamma^m (1 - terminated) Q_target(s', argmax_a Q_online(s', a))
 *   loss = mean_i w_i huber(Q_online(s_i, a_i) - y_i)
 *
 * Acting is epsilon-greedy over Q_online, computed by a plain-JavaScript forward pass of the same
 * weights (`fastActing`), refreshed after every gradient step. Replay, the training schedule,
 * counters, random streams and their checkpointing are the off-policy core's ({@link OffPolicyAgent}),
 * shared with SAC, TD3 and DDPG.
 */
import * as tf from '@tensorflow/tfjs';
import * as z from 'zod';
import { checkValue } from '../../core/config.js';
import type { AgentOptions, Metrics, SavedArray } from '../../core/agent.js';
import { InvalidArgumentError, NonFiniteLossError, describe } from '../../core/errors.js';
import { checkMemory } from '../../core/memory.js';
import { Rng } from '../../core/rng.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { flatDim } from '../../core/spaces/flatten.js';
import type { ReplayBatch } from '../../memory/replay_buffer.js';
import { PrioritizedSampler } from '../../memory/samplers.js';
import { EpsilonGreedyPolicy, argmax } from '../../policies/exploration.js';
import { makeSchedule, type Schedule } from '../../core/schedules.js';
import { clipByGlobalNorm, loadAdam, saveAdam, setLearningRate } from '../optim.js';
import { OffPolicyAgent, putArrays, takeArrays, type StepMetrics } from '../off_policy.js';
import { QNetwork, convSpecFor, forwardJs, initialWeights, parameterCount, weightShapes, type MlpSpec } from '../networks.js';
import { dqnConfig, type DqnConfig } from './config.js';
import { advantageLearningTarget, selectActionValues, tdLoss, tdTarget } from './losses.js';


/**
 * DQN's options. `totalSteps` (the run's env steps) sets how fast PER's beta is annealed: it
 * reaches 1 with the last batch of the run; without it the run is taken to be 100,000 steps.
 */
export type DqnOptions = AgentOptions<DqnConfig>;

/** Batches sampled in a run of `totalSteps` env steps: every `trainFrequency` steps from `learningStarts` on. */
export function samplesOver(c: Pick<DqnConfig, 'learningStarts' | 'trainFrequency' | 'gradientSteps'>, totalSteps: number): number {
  const first = Math.max(1, Math.ceil(Math.max(c.learningStarts, 1) / c.trainFrequency));
  const updates = Math.floor(totalSteps / c.trainFrequency) - first + 1;
  // The last batch is sample number `updates * gradientSteps - 1` (counted from 0): beta is 1 there.
  return Math.max(1, updates * c.gradientSteps - 1);
}

export class DqnAgent extends OffPolicyAgent<number> {
  readonly kind = 'dqn';
  readonly config: Readonly<DqnConfig>;
  readonly spec: MlpSpec;
  readonly online: QNetwork;
  readonly target: QNetwork;
  private readonly optimizer: tf.AdamOptimizer;
  private policy: EpsilonGreedyPolicy;
  private readonly epsilon: Schedule;
  private readonly learningRate: Schedule;
  private weightsJs: Float32Array[] | null = null;
  private readonly scratch: Float64Array[];
  private readonly qOut: Float64Array;

  constructor(options: DqnOptions) {
    const { observationSpace, actionSpace } = options;
    if (!(actionSpace instanceof Discrete)) throw new InvalidArgumentError(`DQN needs a Discrete action space, got ${String(actionSpace)}`);
    if (!(observationSpace instanceof Box)) throw new InvalidArgumentError(`DQN needs a Box observation space (use FlattenObservation), got ${String(observationSpace)}`);
    if (!(Number.isSafeInteger(options.seed) && options.seed >= 0)) throw new InvalidArgumentError(`DQN seed must be a non-negative integer, got ${describe(options.seed)}`);
    const c = dqnConfig(options.config);
    const inputSize = flatDim(observationSpace);
    // Sized before anything is allocated: online and target networks, Adam's two moments, the replay columns.
    const spec: MlpSpec = { inputSize, hiddenLayers: [...c.hiddenLayers], outputSize: actionSpace.n, activation: c.activation, dueling: c.dueling };
    if (c.convFilters.length > 0) spec.conv = convSpecFor('DQN', observationSpace, c.convFilters);
    const params = parameterCount(spec);
    checkMemory('this DQN config', {
      [`networks (4 x ${params.toLocaleString('en-US')} parameters)`]: 16 * params,
      [`replay (${c.bufferSize.toLocaleString('en-US')} transitions)`]: c.bufferSize * (8 * inputSize + 4 + 18),
    });
    super({
      seed: options.seed, schedule: c, observationSize: inputSize, actionSize: 1,
      ...(c.prioritizedReplay ? { sampler: new PrioritizedSampler({ alpha: c.priorityAlpha, beta0: c.priorityBeta0, betaSteps: samplesOver(c, options.totalSteps ?? 100_000) }) } : {}),
    });
    this.config = c;
    this.spec = spec;
    if (c.normalizeObservations) {
      if (!observationSpace.isBounded('both')) throw new InvalidArgumentError(`DQN normalizeObservations needs a bounded observation space, got ${String(observationSpace)}`);
      this.spec.inputCenter = Array.from(observationSpace.low, (lo, i) => (lo + (observationSpace.high[i] as number)) / 2);
      this.spec.inputScale = Array.from(observationSpace.low, (lo, i) => 2 / ((observationSpace.high[i] as number) - lo));
    }
    const weights = initialWeights(this.spec, new Rng(options.seed).child('init'));
    this.online = new QNetwork(this.spec, weights);
    this.target = new QNetwork(this.spec, weights);
    this.learningRate = makeSchedule(c.learningRate, options.totalSteps, 'dqn.learningRate');
    this.optimizer = tf.train.adam(this.learningRate(0));
    this.epsilon = makeSchedule(c.exploration);
    this.policy = new EpsilonGreedyPolicy(this.epsilon, actionSpace.n, this.exploreRng);
    this.scratch = c.hiddenLayers.map((h) => new Float64Array(h));
    this.qOut = new Float64Array(actionSpace.n);
  }

  /** Q-values of one observation (a fresh array). */
  qValues(observation: ArrayLike<number>): Float64Array {
    if (this.config.fastActing && !this.spec.conv) {
      this.weightsJs ??= this.online.readWeights();
      forwardJs(this.spec, this.weightsJs, observation, this.scratch, this.qOut);
      return this.qOut.slice();
    }
    const q = tf.tidy(() => this.online.apply(tf.tensor2d(Array.from(observation), [1, this.spec.inputSize]), false));
    const values = Float64Array.from(q.dataSync());
    q.dispose();
    return values;
  }

  act(observation: ArrayLike<number>, options: { explore?: boolean } = {}): number {
    if (options.explore === false) return argmax(this.qValues(observation));
    return this.policy.select(() => this.qValues(observation), this.steps);
  }

  actingWeights(): SavedArray[] {
    return this.online.savedWeights();
  }

  loadActingWeights(weights: readonly SavedArray[]): void {
    this.online.writeWeights(weights.map((w) => Float32Array.from(w.data)));
    this.weightsJs = null;
  }

  setActorExploration(epsilon: number): void {
    if (!(epsilon >= 0 && epsilon <= 1)) throw new InvalidArgumentError(`DQN actor epsilon must be in [0, 1], got ${describe(epsilon)}`);
    this.policy = new EpsilonGreedyPolicy(() => epsilon, this.spec.outputSize, this.exploreRng);
  }

  protected storedAction(action: number): number {
    return action;
  }

  protected override beforeUpdate(): void {
    if (this.steps % this.config.targetUpdateInterval === 0 && this.steps > 0) this.target.updateFrom(this.online, this.config.tau);
  }

  protected override beforeLearning(): void {
    setLearningRate(this.optimizer, this.learningRateAt(this.steps));
  }

  protected override afterLearning(): void {
    this.weightsJs = null;
  }

  protected updateMetrics(): Metrics {
    return { 'charts/epsilon': this.epsilon(this.steps), 'charts/updates': this.updates, 'charts/learning_rate': this.learningRateAt(this.steps) };
  }

  /** Adam's learning rate at env step `step` (the configured schedule). */
  learningRateAt(step: number): number {
    return this.learningRate(step);
  }

  status(): Metrics {
    return { 'charts/epsilon': this.epsilon(this.steps) };
  }

  /** The online network's weights for TensorBoard: `weights/layerK_kernel` and `weights/layerK_bias`. */
  histograms(): Record<string, Float32Array> {
    return Object.fromEntries(this.online.readWeights().map((w, i) => [`weights/layer${Math.floor(i / 2)}_${i % 2 ? 'bias' : 'kernel'}`, w]));
  }

  /** One gradient step on `batch`: its TD loss and (every 16th step) the mean Q(s, a). */
  protected learn(batch: ReplayBatch): StepMetrics {
    const c = this.config;
    const n = batch.size;
    const nA = this.spec.outputSize;
    const result: { loss: number; qMean: number; td: Float32Array | null } = { loss: Number.NaN, qMean: Number.NaN, td: null };
    tf.tidy(() => {
      const obs = tf.tensor2d(batch.observations, [n, this.spec.inputSize]);
      const nextObs = tf.tensor2d(batch.nextObservations, [n, this.spec.inputSize]);
      const mask = new Float32Array(n * nA);
      for (let i = 0; i < n; i++) mask[i * nA + (batch.actions[i] as number)] = 1;
      const actionMask = tf.tensor2d(mask, [n, nA]);
      const y = tdTarget({
        rewards: tf.tensor1d(batch.rewards),
        discounts: tf.tensor1d(batch.discounts),
        terminated: tf.tensor1d(batch.terminated),
        nextQTarget: this.target.apply(nextObs, false),
        ...(c.doubleDqn ? { nextQOnline: this.online.apply(nextObs, false) } : {}),
      });
      const target = c.advantageLearning > 0 ? advantageLearningTarget(y, this.target.apply(obs, false), actionMask, c.advantageLearning) : y;
      const weights = tf.tensor1d(batch.weights);
      let qTaken: tf.Tensor1D | null = null;
      const lossFn = (): tf.Scalar => {
        // Kept past computeGradients (which frees the loss function's intermediates); freed below.
        qTaken = tf.keep(selectActionValues(this.online.apply(obs), actionMask));
        return tdLoss(qTaken, target, weights, c.loss);
      };
      const { value, grads } = this.optimizer.computeGradients(lossFn, this.online.variables);
      result.loss = value.dataSync()[0] as number;
      const q = qTaken as unknown as tf.Tensor1D;
      if (!Number.isFinite(result.loss)) {
        q.dispose();
        return;
      }
      this.optimizer.applyGradients((c.maxGradNorm > 0 ? clipByGlobalNorm(grads, c.maxGradNorm) : grads) as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
      result.td = c.prioritizedReplay ? (tf.sub(q, target).dataSync() as Float32Array) : null;
      result.qMean = this.updates % 16 === 0 ? (tf.mean(q).dataSync()[0] as number) : Number.NaN;
      q.dispose();
    });
    if (!Number.isFinite(result.loss)) {
      throw new NonFiniteLossError(`DQN loss became ${result.loss} at update ${this.updates + 1} (env step ${this.steps}); weights were left unchanged`);
    }
    if (result.td) (this.buffer.sampler as PrioritizedSampler).update(batch.indices, result.td);
    return { 'losses/td_loss': result.loss, 'losses/q_values': result.qMean };
  }

  protected saveOwn(): { meta: Record<string, unknown>; arrays: Record<string, SavedArray> } {
    const arrays: Record<string, SavedArray> = {};
    const shapes = weightShapes(this.spec);
    putArrays(arrays, 'online', this.online.readWeights(), shapes);
    putArrays(arrays, 'target', this.target.readWeights(), shapes);
    const optWeights = saveAdam(this.optimizer);
    optWeights.forEach((w, i) => (arrays[`optimizer/${i}`] = w));
    return { meta: { config: this.config, spec: this.spec, optimizerCount: optWeights.length }, arrays };
  }

  protected async loadOwn(meta: Record<string, unknown>, arrays: Record<string, SavedArray>): Promise<void> {
    const own = checkValue('checkpoint dqn', z.object({ spec: z.unknown(), optimizerCount: z.int().min(0) }), meta) as { spec: MlpSpec; optimizerCount: number };
    const mine = JSON.stringify(this.spec);
    if (JSON.stringify(own.spec) !== mine) {
      throw new InvalidArgumentError(`checkpoint network ${JSON.stringify(own.spec)} does not match this agent's ${mine}`);
    }
    const nWeights = weightShapes(this.spec).length;
    this.online.writeWeights(takeArrays(arrays, 'online', nWeights));
    this.target.writeWeights(takeArrays(arrays, 'target', nWeights));
    await loadAdam(this.optimizer, this.online.variables, Array.from({ length: own.optimizerCount }, (_, i) => arrays[`optimizer/${i}`] as SavedArray));
  }

  protected override afterLoad(): void {
    (this.policy as unknown as { rng: Rng }).rng = this.exploreRng;
    this.weightsJs = null;
  }

  dispose(): void {
    this.online.dispose();
    this.target.dispose();
    this.optimizer.dispose();
  }
}

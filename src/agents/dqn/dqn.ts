/**
 * Deep Q-learning (Mnih et al., 2015) with its modern fixes as options: Double DQN, dueling
 * heads, Huber loss, gradient-norm clipping, hard or Polyak target updates, n-step returns and
 * prioritized replay. The learning rule, per sampled transition:
 *
 *   y = r + gamma^m (1 - terminated) Q_target(s', argmax_a Q_online(s', a))
 *   loss = mean_i w_i huber(Q_online(s_i, a_i) - y_i)
 *
 * Acting is epsilon-greedy over Q_online, computed by a plain-JavaScript forward pass of the same
 * weights (`fastActing`), refreshed after every gradient step.
 */
import * as tf from '@tensorflow/tfjs';
import * as z from 'zod';
import { checkValue } from '../../core/config.js';
import type { Agent, AgentOptions, AgentSnapshot, Metrics, SavedArray, Transition } from '../../core/agent.js';
import { InvalidArgumentError, NonFiniteLossError, describe } from '../../core/errors.js';
import { checkMemory } from '../../core/memory.js';
import { Rng, type RngState } from '../../core/rng.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { flatDim } from '../../core/spaces/flatten.js';
import { NStepAccumulator } from '../../memory/nstep.js';
import { ReplayBuffer, type ReplayBatch, type ReplayBufferState } from '../../memory/replay_buffer.js';
import { PrioritizedSampler } from '../../memory/samplers.js';
import { EpsilonGreedyPolicy, argmax } from '../../policies/exploration.js';
import { makeSchedule, type Schedule } from '../../core/schedules.js';
import { clipByGlobalNorm, loadAdam, saveAdam, setLearningRate } from '../optim.js';
import { QNetwork, forwardJs, initialWeights, parameterCount, weightShapes, type MlpSpec } from '../networks.js';
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

export class DqnAgent implements Agent<ArrayLike<number>, number> {
  readonly kind = 'dqn';
  readonly config: Readonly<DqnConfig>;
  readonly spec: MlpSpec;
  readonly online: QNetwork;
  readonly target: QNetwork;
  readonly buffer: ReplayBuffer;
  private readonly optimizer: tf.AdamOptimizer;
  private readonly nstep: NStepAccumulator;
  private readonly policy: EpsilonGreedyPolicy;
  private readonly epsilon: Schedule;
  private readonly learningRate: Schedule;
  private exploreRng: Rng;
  private replayRng: Rng;
  private readonly seed: number;
  /** Env steps observed. */
  private steps = 0;
  /** Gradient steps taken. */
  private updates = 0;
  private weightsJs: Float32Array[] | null = null;
  private readonly scratch: Float64Array[];
  private readonly qOut: Float64Array;

  constructor(options: DqnOptions) {
    const { observationSpace, actionSpace } = options;
    if (!(actionSpace instanceof Discrete)) throw new InvalidArgumentError(`DQN needs a Discrete action space, got ${String(actionSpace)}`);
    if (!(observationSpace instanceof Box)) throw new InvalidArgumentError(`DQN needs a Box observation space (use FlattenObservation), got ${String(observationSpace)}`);
    if (!(Number.isSafeInteger(options.seed) && options.seed >= 0)) throw new InvalidArgumentError(`DQN seed must be a non-negative integer, got ${describe(options.seed)}`);
    this.config = dqnConfig(options.config);
    const c = this.config;
    this.seed = options.seed;
    const root = new Rng(options.seed);
    this.spec = { inputSize: flatDim(observationSpace), hiddenLayers: [...c.hiddenLayers], outputSize: actionSpace.n, activation: c.activation, dueling: c.dueling };
    if (c.normalizeObservations) {
      if (!observationSpace.isBounded('both')) throw new InvalidArgumentError(`DQN normalizeObservations needs a bounded observation space, got ${String(observationSpace)}`);
      this.spec.inputCenter = Array.from(observationSpace.low, (lo, i) => (lo + (observationSpace.high[i] as number)) / 2);
      this.spec.inputScale = Array.from(observationSpace.low, (lo, i) => 2 / ((observationSpace.high[i] as number) - lo));
    }
    // Sized before anything is allocated: online and target networks, Adam's two moments, the replay columns.
    const params = parameterCount(this.spec);
    checkMemory('this DQN config', {
      [`networks (4 x ${params.toLocaleString('en-US')} parameters)`]: 16 * params,
      [`replay (${c.bufferSize.toLocaleString('en-US')} transitions)`]: c.bufferSize * (8 * this.spec.inputSize + 4 + 18),
    });
    const weights = initialWeights(this.spec, root.child('init'));
    this.online = new QNetwork(this.spec, weights);
    this.target = new QNetwork(this.spec, weights);
    this.learningRate = makeSchedule(c.learningRate, options.totalSteps, 'dqn.learningRate');
    this.optimizer = tf.train.adam(this.learningRate(0));
    this.buffer = new ReplayBuffer({
      capacity: c.bufferSize,
      observationSize: this.spec.inputSize,
      ...(c.prioritizedReplay ? { sampler: new PrioritizedSampler({ alpha: c.priorityAlpha, beta0: c.priorityBeta0, betaSteps: samplesOver(c, options.totalSteps ?? 100_000) }) } : {}),
    });
    this.nstep = new NStepAccumulator(c.nStep, c.gamma);
    this.exploreRng = root.child('explore');
    this.replayRng = root.child('replay');
    this.epsilon = makeSchedule(c.exploration);
    this.policy = new EpsilonGreedyPolicy(this.epsilon, actionSpace.n, this.exploreRng);
    this.scratch = c.hiddenLayers.map((h) => new Float64Array(h));
    this.qOut = new Float64Array(actionSpace.n);
  }

  /** Env steps observed so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Gradient steps taken so far. */
  get updateCount(): number {
    return this.updates;
  }

  /** Q-values of one observation (a fresh array). */
  qValues(observation: ArrayLike<number>): Float64Array {
    if (this.config.fastActing) {
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

  observe(t: Transition<ArrayLike<number>, number>): void {
    this.steps += 1;
    for (const stored of this.nstep.push(t)) this.buffer.add(stored);
  }

  update(): Metrics | null {
    const c = this.config;
    if (this.steps % c.targetUpdateInterval === 0 && this.steps > 0) this.target.updateFrom(this.online, c.tau);
    if (this.steps < c.learningStarts || this.steps % c.trainFrequency !== 0 || this.buffer.size === 0) return null;
    let loss = 0;
    let qMean: number | null = null;
    setLearningRate(this.optimizer, this.learningRateAt(this.steps));
    for (let g = 0; g < c.gradientSteps; g++) {
      const r = this.gradientStep(this.buffer.sample(c.batchSize, this.replayRng));
      loss += r.loss / c.gradientSteps;
      if (!Number.isNaN(r.qMean)) qMean = r.qMean; // read back every 16th update only
    }
    this.weightsJs = null;
    const metrics: Metrics = {
      'losses/td_loss': loss, 'charts/epsilon': this.epsilon(this.steps), 'charts/updates': this.updates, 'charts/learning_rate': this.learningRateAt(this.steps),
    };
    if (qMean !== null) metrics['losses/q_values'] = qMean;
    return metrics;
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

  /** One gradient step on `batch`; returns its loss and mean Q(s, a). */
  private gradientStep(batch: ReplayBatch): { loss: number; qMean: number } {
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
    this.updates += 1;
    return { loss: result.loss, qMean: result.qMean };
  }

  save(): AgentSnapshot {
    const arrays: Record<string, SavedArray> = {};
    const shapes = weightShapes(this.spec);
    this.online.readWeights().forEach((w, i) => (arrays[`online/${i}`] = { shape: shapes[i] as number[], data: w }));
    this.target.readWeights().forEach((w, i) => (arrays[`target/${i}`] = { shape: shapes[i] as number[], data: w }));
    const optWeights = saveAdam(this.optimizer);
    optWeights.forEach((w, i) => (arrays[`optimizer/${i}`] = w));
    const replay = this.buffer.state();
    for (const [k, v] of Object.entries(replay.columns)) {
      arrays[`replay/${k}`] = { shape: [v.byteLength / (v as Float32Array).BYTES_PER_ELEMENT], data: v as SavedArray['data'] };
    }
    return {
      kind: this.kind,
      meta: {
        config: this.config,
        spec: this.spec,
        seed: this.seed,
        steps: this.steps,
        updates: this.updates,
        rng: { explore: this.exploreRng.state(), replay: this.replayRng.state() },
        replay: { size: replay.size, position: replay.position, sampler: replay.sampler },
        optimizerCount: optWeights.length,
        nstepPending: this.nstep.pending,
      },
      arrays,
    };
  }

  async load(snapshot: AgentSnapshot): Promise<void> {
    if (snapshot.kind !== this.kind) throw new InvalidArgumentError(`checkpoint holds a ${describe(snapshot.kind)} agent, not ${this.kind}`);
    const cap = this.buffer.capacity;
    const meta = checkValue('checkpoint dqn', z.object({
      spec: z.unknown(), steps: z.int().min(0), updates: z.int().min(0), optimizerCount: z.int().min(0),
      rng: z.object({ explore: z.record(z.string(), z.unknown()), replay: z.record(z.string(), z.unknown()) }),
      replay: z.object({ size: z.int().min(0).max(cap), position: z.int().min(0).max(cap - 1), sampler: z.unknown() }),
    }), snapshot.meta) as unknown as {
      spec: MlpSpec; steps: number; updates: number; optimizerCount: number;
      rng: { explore: RngState; replay: RngState };
      replay: { size: number; position: number; sampler: unknown };
    };
    const mine = JSON.stringify(this.spec);
    if (JSON.stringify(meta.spec) !== mine) {
      throw new InvalidArgumentError(`checkpoint network ${JSON.stringify(meta.spec)} does not match this agent's ${mine}`);
    }
    const take = (prefix: string, count: number): Float32Array[] =>
      Array.from({ length: count }, (_, i) => {
        const a = snapshot.arrays[`${prefix}/${i}`];
        if (!a) throw new InvalidArgumentError(`checkpoint lacks array ${prefix}/${i}`);
        return a.data as Float32Array;
      });
    const nWeights = weightShapes(this.spec).length;
    this.online.writeWeights(take('online', nWeights));
    this.target.writeWeights(take('target', nWeights));
    await loadAdam(this.optimizer, this.online.variables, Array.from({ length: meta.optimizerCount }, (_, i) => snapshot.arrays[`optimizer/${i}`] as SavedArray));
    const col = (k: string): ReplayBufferState['columns'][keyof ReplayBufferState['columns']] => {
      const a = snapshot.arrays[`replay/${k}`];
      if (!a) throw new InvalidArgumentError(`checkpoint lacks replay column ${k}`);
      return a.data;
    };
    this.buffer.load({
      capacity: this.buffer.capacity, observationSize: this.buffer.observationSize, actionSize: this.buffer.actionSize,
      size: meta.replay.size, position: meta.replay.position, sampler: meta.replay.sampler,
      columns: {
        observations: col('observations'), actions: col('actions'), rewards: col('rewards'), nextObservations: col('nextObservations'),
        discounts: col('discounts'), terminated: col('terminated'), truncated: col('truncated'),
      },
    });
    this.exploreRng = Rng.fromState(meta.rng.explore);
    this.replayRng = Rng.fromState(meta.rng.replay);
    (this.policy as unknown as { rng: Rng }).rng = this.exploreRng;
    this.steps = meta.steps;
    this.updates = meta.updates;
    this.nstep.clear();
    this.weightsJs = null;
  }

  dispose(): void {
    this.online.dispose();
    this.target.dispose();
    this.optimizer.dispose();
  }
}

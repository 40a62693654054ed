/**
 * What SAC and TD3/DDPG share beyond the off-policy core: a bounded Box action space whose
 * actions the networks see normalised to [-1, 1] (the env gets them rescaled to its bounds, the
 * replay buffer keeps the normalised form), uniform random actions before learning starts (as
 * Stable-Baselines3), an actor acting through the plain-JavaScript forward pass, critics Q(s, a)
 * on the concatenated observation and action with Polyak targets, and the checkpointing of
 * networks and Adam states.
 */
import * as tf from '@tensorflow/tfjs';
import type { AgentOptions, Metrics, SavedArray } from '../../core/agent.js';
import { InvalidArgumentError, NonFiniteLossError } from '../../core/errors.js';
import { checkMemory } from '../../core/memory.js';
import { Rng } from '../../core/rng.js';
import { makeSchedule, type Schedule } from '../../core/schedules.js';
import { Box } from '../../core/spaces/box.js';
import { flatDim } from '../../core/spaces/flatten.js';
import { QNetwork, forwardJs, initialWeights, parameterCount, weightShapes, type MlpSpec } from '../networks.js';
import { OffPolicyAgent, putArrays, takeArrays } from '../off_policy.js';
import { clipByGlobalNorm, loadAdam, saveAdam, setLearningRate } from '../optim.js';
import type { ContinuousOffPolicyConfig } from './config.js';

/** An MLP with its Polyak target copy. */
export interface WithTarget {
  online: QNetwork;
  target: QNetwork | null;
}

export abstract class ContinuousOffPolicyAgent<C extends ContinuousOffPolicyConfig> extends OffPolicyAgent<Float32Array> {
  readonly config: Readonly<C>;
  readonly actionSize: number;
  readonly observationSize: number;
  protected readonly low: Float32Array;
  protected readonly high: Float32Array;
  readonly actor: QNetwork;
  readonly actorTarget: QNetwork | null;
  readonly critics: QNetwork[];
  readonly criticTargets: QNetwork[];
  protected readonly actorOptimizer: tf.AdamOptimizer;
  protected readonly criticOptimizer: tf.AdamOptimizer;
  protected readonly learningRate: Schedule;
  private actorJs: Float32Array[] | null = null;
  private readonly scratch: Float64Array[];
  protected readonly actorOut: Float64Array;
  /** The normalised action of the last `act`, in [-1, 1]. */
  protected readonly scaled: Float64Array;

  /**
   * @param name the algorithm's name in messages (`SAC`, `TD3`, `DDPG`)
   * @param actorOutputs numbers the actor's network outputs per action number (SAC: 2, mean and log-std)
   */
  constructor(name: string, options: AgentOptions<C>, config: Readonly<C>, parts: { actorOutputs: number; nCritics: number; actorTarget: boolean }) {
    const { observationSpace, actionSpace } = options;
    if (!(actionSpace instanceof Box)) throw new InvalidArgumentError(`${name} needs a Box action space, got ${String(actionSpace)}`);
    if (!actionSpace.isBounded('both')) throw new InvalidArgumentError(`${name} needs a Box action space with finite bounds (actions are squashed into them), got ${String(actionSpace)}`);
    if (!(observationSpace instanceof Box)) throw new InvalidArgumentError(`${name} needs a Box observation space (use FlattenObservation), got ${String(observationSpace)}`);
    const obsSize = flatDim(observationSpace);
    const actSize = flatDim(actionSpace);
    const actorSpec: MlpSpec = { inputSize: obsSize, hiddenLayers: [...config.hiddenLayers], outputSize: parts.actorOutputs * actSize, activation: 'relu', dueling: false };
    const criticSpec: MlpSpec = { inputSize: obsSize + actSize, hiddenLayers: [...config.hiddenLayers], outputSize: 1, activation: 'relu', dueling: false };
    const params = parameterCount(actorSpec) * (parts.actorTarget ? 2 : 1) + parameterCount(criticSpec) * 2 * parts.nCritics;
    checkMemory(`this ${name} config`, {
      [`networks and Adam moments (${params.toLocaleString('en-US')} parameters)`]: 12 * params,
      [`replay (${config.bufferSize.toLocaleString('en-US')} transitions)`]: config.bufferSize * (8 * obsSize + 4 * actSize + 18),
    });
    super({ seed: options.seed, schedule: config, observationSize: obsSize, actionSize: actSize });
    this.config = config;
    this.observationSize = obsSize;
    this.actionSize = actSize;
    this.low = Float32Array.from(actionSpace.low);
    this.high = Float32Array.from(actionSpace.high);
    const init = new Rng(options.seed).child('init');
    const actorWeights = initialWeights(actorSpec, init.child('actor'), config.weightInit);
    this.actor = new QNetwork(actorSpec, actorWeights);
    this.actorTarget = parts.actorTarget ? new QNetwork(actorSpec, actorWeights) : null;
    this.critics = [];
    this.criticTargets = [];
    for (let i = 0; i < parts.nCritics; i++) {
      const w = initialWeights(criticSpec, init.child(`critic${i}`), config.weightInit);
      this.critics.push(new QNetwork(criticSpec, w));
      this.criticTargets.push(new QNetwork(criticSpec, w));
    }
    this.learningRate = makeSchedule(config.learningRate, options.totalSteps, `${name.toLowerCase()}.learningRate`);
    this.actorOptimizer = tf.train.adam(this.learningRate(0));
    this.criticOptimizer = tf.train.adam(this.learningRate(0));
    this.scratch = config.hiddenLayers.map((h) => new Float64Array(h));
    this.actorOut = new Float64Array(actorSpec.outputSize);
    this.scaled = new Float64Array(actSize);
  }

  /** Every critic's variables, in order (the critic optimizer's list). */
  protected get criticVariables(): tf.Variable[] {
    return this.critics.flatMap((c) => c.variables);
  }

  /** The actor's raw outputs for one observation (into `actorOut`). */
  protected actorForward(observation: ArrayLike<number>, forceJs = false): Float64Array {
    if (this.config.fastActing || forceJs) {
      this.actorJs ??= this.actor.readWeights();
      forwardJs(this.actor.spec, this.actorJs, observation, this.scratch, this.actorOut);
    } else {
      const out = tf.tidy(() => this.actor.apply(tf.tensor2d(Array.from(observation), [1, this.observationSize]), false));
      this.actorOut.set(out.dataSync());
      out.dispose();
    }
    return this.actorOut;
  }

  /** The actor's last hidden features of the observation {@link actorForward} last saw (JavaScript forward pass only). */
  protected get actorFeatures(): Float64Array {
    return this.scratch[this.scratch.length - 1] as Float64Array;
  }

  /** Writes the normalised action for `observation` into `scaled` (the algorithm's policy). */
  protected abstract policyAction(observation: ArrayLike<number>, explore: boolean): void;

  act(observation: ArrayLike<number>, options: { explore?: boolean } = {}): Float32Array {
    const explore = options.explore !== false;
    if (explore && this.steps < this.config.learningStarts) {
      for (let i = 0; i < this.actionSize; i++) this.scaled[i] = this.exploreRng.uniform(-1, 1);
    } else {
      this.policyAction(observation, explore);
    }
    return this.toEnv(this.scaled);
  }

  /** A normalised action in [-1, 1] rescaled to the env's bounds. */
  toEnv(scaled: ArrayLike<number>): Float32Array {
    const out = new Float32Array(this.actionSize);
    for (let i = 0; i < this.actionSize; i++) {
      const lo = this.low[i] as number;
      out[i] = lo + (((scaled[i] as number) + 1) / 2) * ((this.high[i] as number) - lo);
    }
    return out;
  }

  /** An env action mapped back into [-1, 1] (what the replay buffer stores). */
  protected storedAction(action: Float32Array): Float32Array {
    const out = new Float32Array(this.actionSize);
    for (let i = 0; i < this.actionSize; i++) {
      const lo = this.low[i] as number;
      out[i] = Math.min(1, Math.max(-1, (2 * ((action[i] as number) - lo)) / ((this.high[i] as number) - lo) - 1));
    }
    return out;
  }

  protected override beforeLearning(): void {
    const lr = this.learningRate(this.steps);
    for (const opt of this.optimizers()) setLearningRate(opt, lr);
  }

  protected override afterLearning(): void {
    this.actorJs = null;
  }

  actingWeights(): SavedArray[] {
    return this.actor.savedWeights();
  }

  loadActingWeights(weights: readonly SavedArray[]): void {
    this.actor.writeWeights(weights.slice(0, this.actor.variables.length).map((w) => Float32Array.from(w.data)));
    this.actorJs = null;
  }

  protected updateMetrics(): Metrics {
    return { 'charts/updates': this.updates, 'charts/learning_rate': this.learningRate(this.steps) };
  }

  /**
   * Critics' Q(s, a) for a batch, one [batch] tensor per critic: `target` (the target copies, no
   * gradient), `train` (the critics' own loss) or `actor` (the actor's loss: gradients reach the
   * action, not the critics' weights).
   */
  protected criticValues(obs: tf.Tensor2D, actions: tf.Tensor2D, use: 'target' | 'train' | 'actor', count = this.critics.length): tf.Tensor1D[] {
    const input = tf.concat([obs, actions], 1);
    const mode = use === 'target' ? false : use === 'train' ? true : 'input';
    return (use === 'target' ? this.criticTargets : this.critics).slice(0, count).map((c) => tf.reshape(c.apply(input, mode), [-1]) as tf.Tensor1D);
  }

  /** Polyak-averages every target network towards its online network. */
  protected updateTargets(): void {
    this.critics.forEach((c, i) => (this.criticTargets[i] as QNetwork).updateFrom(c, this.config.tau));
    this.actorTarget?.updateFrom(this.actor, this.config.tau);
  }

  /** Applies `grads` with `optimizer`, clipped to `maxGradNorm` when set. */
  protected apply(optimizer: tf.AdamOptimizer, grads: tf.NamedTensorMap): void {
    const g = this.config.maxGradNorm > 0 ? clipByGlobalNorm(grads, this.config.maxGradNorm) : grads;
    optimizer.applyGradients(g as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
  }

  /** The value of a loss, or a NonFiniteLossError naming the update (the last checkpoint keeps the last good state). */
  protected finite(which: string, value: tf.Scalar): number {
    const v = value.dataSync()[0] as number;
    if (!Number.isFinite(v)) {
      throw new NonFiniteLossError(`${this.kind.toUpperCase()} ${which} loss became ${v} at update ${this.updates + 1} (env step ${this.steps}); the last checkpoint is the last good state`);
    }
    return v;
  }

  /** Every optimiser, in checkpoint order. */
  protected optimizers(): tf.AdamOptimizer[] {
    return [this.actorOptimizer, this.criticOptimizer];
  }

  /** The variables each optimiser of {@link optimizers} updates. */
  protected optimizerVariables(): tf.Variable[][] {
    return [this.actor.variables, this.criticVariables];
  }

  /** The networks saved in checkpoints, by name. */
  private networks(): [string, QNetwork][] {
    const out: [string, QNetwork][] = [['actor', this.actor]];
    if (this.actorTarget) out.push(['actorTarget', this.actorTarget]);
    this.critics.forEach((c, i) => out.push([`critic${i}`, c], [`criticTarget${i}`, this.criticTargets[i] as QNetwork]));
    return out;
  }

  protected saveNetworks(): { meta: Record<string, unknown>; arrays: Record<string, SavedArray> } {
    const arrays: Record<string, SavedArray> = {};
    for (const [name, net] of this.networks()) putArrays(arrays, name, net.readWeights(), weightShapes(net.spec));
    const counts = this.optimizers().map((opt, k) => {
      const saved = saveAdam(opt);
      saved.forEach((w, i) => (arrays[`optimizer${k}/${i}`] = w));
      return saved.length;
    });
    return { meta: { config: this.config, actorSpec: this.actor.spec, criticSpec: this.critics[0]?.spec, optimizerCounts: counts }, arrays };
  }

  protected async loadNetworks(meta: Record<string, unknown>, arrays: Record<string, SavedArray>): Promise<void> {
    const mine = JSON.stringify([this.actor.spec, this.critics[0]?.spec]);
    const theirs = JSON.stringify([meta.actorSpec, meta.criticSpec]);
    if (mine !== theirs) throw new InvalidArgumentError(`checkpoint networks ${theirs} do not match this ${this.kind} agent's ${mine}`);
    const counts = meta.optimizerCounts;
    const optimizers = this.optimizers();
    if (!Array.isArray(counts) || counts.length !== optimizers.length) throw new InvalidArgumentError(`checkpoint optimizerCounts must list ${optimizers.length} optimisers, got ${JSON.stringify(counts)}`);
    for (const [name, net] of this.networks()) net.writeWeights(takeArrays(arrays, name, weightShapes(net.spec).length));
    const vars = this.optimizerVariables();
    for (let k = 0; k < optimizers.length; k++) {
      const saved = Array.from({ length: counts[k] as number }, (_, i) => {
        const a = arrays[`optimizer${k}/${i}`];
        if (!a) throw new InvalidArgumentError(`checkpoint lacks array optimizer${k}/${i}`);
        return a;
      });
      await loadAdam(optimizers[k] as tf.AdamOptimizer, vars[k] as tf.Variable[], saved);
    }
    this.actorJs = null;
  }

  /** The actor's weights for TensorBoard. */
  histograms(): Record<string, Float32Array> {
    return Object.fromEntries(this.actor.readWeights().map((w, i) => [`weights/actor_layer${Math.floor(i / 2)}_${i % 2 ? 'bias' : 'kernel'}`, w]));
  }

  dispose(): void {
    for (const [, net] of this.networks()) net.dispose();
    for (const opt of this.optimizers()) opt.dispose();
  }
}

/** `count` standard normal numbers from `rng` (the noise of a gradient step, drawn in JavaScript so it is seeded). */
export function normals(rng: Rng, count: number, std = 1): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = rng.normal(0, std);
  return out;
}

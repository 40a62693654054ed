/**
 * Experience replay storage: a fixed-capacity ring of typed-array columns (observation, action,
 * reward, next observation, discount, terminated, truncated), sampled through a pluggable
 * {@link Sampler} (uniform or prioritized) with an injected {@link Rng}.
 *
 * `discount` is the factor that multiplies the bootstrapped value of the next observation:
 * gamma for a 1-step transition, gamma^m for an m-step one (see NStepAccumulator). Targets
 * bootstrap only through `terminated`, never `truncated`.
 */
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { UniformSampler, type Sampler } from './samplers.js';

/** One transition to store. */
export interface StoredTransition {
  observation: ArrayLike<number>;
  /** A discrete action index, or a continuous action vector. */
  action: number | ArrayLike<number>;
  reward: number;
  nextObservation: ArrayLike<number>;
  /** Factor on the next observation's value: gamma^m for an m-step transition. */
  discount: number;
  terminated: boolean;
  truncated: boolean;
}

/** A sampled batch, column by column (row i of each column belongs together). */
export interface ReplayBatch {
  size: number;
  indices: Int32Array;
  observations: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  nextObservations: Float32Array;
  discounts: Float32Array;
  /** 1 where the transition ended in a terminal state (no bootstrapping), else 0. */
  terminated: Float32Array;
  truncated: Float32Array;
  /** Importance-sampling weights (all 1 for uniform sampling). */
  weights: Float32Array;
}

export interface ReplayBufferOptions {
  /** Maximum number of transitions kept; the oldest are overwritten. */
  capacity: number;
  /** Numbers per observation. */
  observationSize: number;
  /** Numbers per action (1 for a discrete action). Default 1. */
  actionSize?: number;
  /** How indices are drawn. Default uniform. */
  sampler?: Sampler;
}

/** The serialisable contents of a buffer, for checkpoints. */
export interface ReplayBufferState {
  capacity: number;
  observationSize: number;
  actionSize: number;
  size: number;
  position: number;
  columns: Record<'observations' | 'actions' | 'rewards' | 'nextObservations' | 'discounts' | 'terminated' | 'truncated', ArrayBufferView>;
  sampler: unknown;
}

export class ReplayBuffer {
  readonly capacity: number;
  readonly observationSize: number;
  readonly actionSize: number;
  readonly sampler: Sampler;
  readonly observations: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float64Array;
  readonly nextObservations: Float32Array;
  readonly discounts: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  private count = 0;
  private next = 0;

  constructor(options: ReplayBufferOptions) {
    const { capacity, observationSize } = options;
    const actionSize = options.actionSize ?? 1;
    for (const [name, v] of [['capacity', capacity], ['observationSize', observationSize], ['actionSize', actionSize]] as const) {
      if (!(Number.isSafeInteger(v) && v > 0)) throw new InvalidArgumentError(`ReplayBuffer ${name} must be a positive integer, got ${describe(v)}`);
    }
    this.capacity = capacity;
    this.observationSize = observationSize;
    this.actionSize = actionSize;
    this.sampler = options.sampler ?? new UniformSampler();
    this.sampler.init(capacity);
    this.observations = new Float32Array(capacity * observationSize);
    this.nextObservations = new Float32Array(capacity * observationSize);
    this.actions = new Float32Array(capacity * actionSize);
    this.rewards = new Float64Array(capacity);
    this.discounts = new Float64Array(capacity);
    this.terminated = new Uint8Array(capacity);
    this.truncated = new Uint8Array(capacity);
  }

  /** Number of transitions stored. */
  get size(): number {
    return this.count;
  }

  /** Index the next transition will be written to. */
  get position(): number {
    return this.next;
  }

  /** Stores a transition, overwriting the oldest when full; returns its index. */
  add(t: StoredTransition): number {
    const i = this.next;
    if (t.observation.length !== this.observationSize || t.nextObservation.length !== this.observationSize) {
      throw new InvalidArgumentError(
        `ReplayBuffer observations must have ${this.observationSize} numbers, got ${t.observation.length} and ${t.nextObservation.length}`,
      );
    }
    this.observations.set(t.observation, i * this.observationSize);
    this.nextObservations.set(t.nextObservation, i * this.observationSize);
    if (typeof t.action === 'number') this.actions[i * this.actionSize] = t.action;
    else this.actions.set(t.action, i * this.actionSize);
    this.rewards[i] = t.reward;
    this.discounts[i] = t.discount;
    this.terminated[i] = t.terminated ? 1 : 0;
    this.truncated[i] = t.truncated ? 1 : 0;
    this.sampler.onAdd(i);
    this.next = (i + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    return i;
  }

  /** Draws `batchSize` transitions through the sampler (with replacement). */
  sample(batchSize: number, rng: Rng): ReplayBatch {
    if (this.count === 0) throw new InvalidArgumentError('ReplayBuffer.sample needs at least one stored transition, got an empty buffer');
    if (!(Number.isSafeInteger(batchSize) && batchSize > 0)) {
      throw new InvalidArgumentError(`ReplayBuffer.sample batchSize must be a positive integer, got ${describe(batchSize)}`);
    }
    const indices = new Int32Array(batchSize);
    const weights = new Float32Array(batchSize).fill(1);
    this.sampler.sample(indices, weights, this.count, rng);
    return this.gather(indices, weights);
  }

  /** Copies the rows at `indices` into a batch. */
  gather(indices: Int32Array, weights: Float32Array): ReplayBatch {
    const n = indices.length;
    const o = this.observationSize;
    const a = this.actionSize;
    const batch: ReplayBatch = {
      size: n,
      indices,
      observations: new Float32Array(n * o),
      actions: new Float32Array(n * a),
      rewards: new Float32Array(n),
      nextObservations: new Float32Array(n * o),
      discounts: new Float32Array(n),
      terminated: new Float32Array(n),
      truncated: new Float32Array(n),
      weights,
    };
    for (let k = 0; k < n; k++) {
      const i = indices[k] as number;
      batch.observations.set(this.observations.subarray(i * o, i * o + o), k * o);
      batch.nextObservations.set(this.nextObservations.subarray(i * o, i * o + o), k * o);
      batch.actions.set(this.actions.subarray(i * a, i * a + a), k * a);
      batch.rewards[k] = this.rewards[i] as number;
      batch.discounts[k] = this.discounts[i] as number;
      batch.terminated[k] = this.terminated[i] as number;
      batch.truncated[k] = this.truncated[i] as number;
    }
    return batch;
  }

  /** A copy of the contents (later additions do not change it), for checkpoints. */
  state(): ReplayBufferState {
    return {
      capacity: this.capacity,
      observationSize: this.observationSize,
      actionSize: this.actionSize,
      size: this.count,
      position: this.next,
      columns: {
        observations: this.observations.slice(), actions: this.actions.slice(), rewards: this.rewards.slice(), nextObservations: this.nextObservations.slice(),
        discounts: this.discounts.slice(), terminated: this.terminated.slice(), truncated: this.truncated.slice(),
      },
      sampler: this.sampler.state(),
    };
  }

  /** Restores the contents saved by {@link state}; the shapes must match. */
  load(state: ReplayBufferState): void {
    if (state.capacity !== this.capacity || state.observationSize !== this.observationSize || state.actionSize !== this.actionSize) {
      throw new InvalidArgumentError(
        `ReplayBuffer state has capacity ${state.capacity}, observationSize ${state.observationSize}, actionSize ${state.actionSize}; this buffer has ${this.capacity}, ${this.observationSize}, ${this.actionSize}`,
      );
    }
    const c = state.columns;
    this.observations.set(c.observations as Float32Array);
    this.actions.set(c.actions as Float32Array);
    this.rewards.set(c.rewards as Float64Array);
    this.nextObservations.set(c.nextObservations as Float32Array);
    this.discounts.set(c.discounts as Float64Array);
    this.terminated.set(c.terminated as Uint8Array);
    this.truncated.set(c.truncated as Uint8Array);
    this.count = state.size;
    this.next = state.position;
    this.sampler.load(state.sampler);
  }
}

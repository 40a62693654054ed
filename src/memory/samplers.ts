/**
 * How a replay buffer draws indices: uniformly, or in proportion to priorities (prioritized
 * experience replay, Schaul et al., 2016, with importance-sampling weights annealed by beta).
 */
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { linearSchedule, type Schedule } from '../core/schedules.js';
import { SumTree } from './sum_tree.js';

export interface Sampler {
  init(capacity: number): void;
  /** Called when index i receives a new transition. */
  onAdd(i: number): void;
  /** Fills `indices` (and importance `weights`) from the first `size` stored transitions. */
  sample(indices: Int32Array, weights: Float32Array, size: number, rng: Rng): void;
  state(): unknown;
  load(state: unknown): void;
}

export class UniformSampler implements Sampler {
  init(): void {}
  onAdd(): void {}
  sample(indices: Int32Array, _weights: Float32Array, size: number, rng: Rng): void {
    for (let k = 0; k < indices.length; k++) indices[k] = rng.int(size);
  }
  state(): unknown {
    return null;
  }
  load(): void {}
}

export interface PrioritizedSamplerOptions {
  /** How much prioritisation is used (0 = uniform). Default 0.6. */
  alpha?: number;
  /** Importance-sampling exponent at the start; annealed linearly to 1. Default 0.4. */
  beta0?: number;
  /** Over how many `sample` calls beta reaches 1. Default 100,000. */
  betaSteps?: number;
  /** Added to |TD error| so no transition gets zero priority. Default 1e-6. */
  epsilon?: number;
}

export class PrioritizedSampler implements Sampler {
  readonly alpha: number;
  readonly beta0: number;
  readonly betaSteps: number;
  readonly epsilon: number;
  private tree: SumTree | null = null;
  private maxPriority = 1;
  private samples = 0;
  private readonly betaSchedule: Schedule;

  constructor(options: PrioritizedSamplerOptions = {}) {
    this.alpha = options.alpha ?? 0.6;
    this.beta0 = options.beta0 ?? 0.4;
    this.betaSteps = options.betaSteps ?? 100_000;
    this.epsilon = options.epsilon ?? 1e-6;
    if (!(this.alpha >= 0 && this.alpha <= 1)) throw new InvalidArgumentError(`PrioritizedSampler alpha must be in [0, 1], got ${describe(options.alpha)}`);
    if (!(this.beta0 >= 0 && this.beta0 <= 1)) throw new InvalidArgumentError(`PrioritizedSampler beta0 must be in [0, 1], got ${describe(options.beta0)}`);
    if (!(Number.isSafeInteger(this.betaSteps) && this.betaSteps > 0)) throw new InvalidArgumentError(`PrioritizedSampler betaSteps must be a positive integer, got ${describe(options.betaSteps)}`);
    if (!(this.epsilon > 0)) throw new InvalidArgumentError(`PrioritizedSampler epsilon must be > 0, got ${describe(options.epsilon)}`);
    this.betaSchedule = linearSchedule(this.beta0, 1, this.betaSteps);
  }

  /** The current importance-sampling exponent. */
  get beta(): number {
    return this.betaSchedule(this.samples);
  }

  init(capacity: number): void {
    this.tree = new SumTree(capacity);
  }

  onAdd(i: number): void {
    this.requireTree().set(i, this.maxPriority ** this.alpha);
  }

  sample(indices: Int32Array, weights: Float32Array, size: number, rng: Rng): void {
    const tree = this.requireTree();
    const n = indices.length;
    const segment = tree.total / n;
    const beta = this.beta;
    const maxWeight = (size * (tree.min / tree.total)) ** -beta;
    for (let k = 0; k < n; k++) {
      const i = tree.find(segment * (k + rng.random()));
      indices[k] = i;
      const p = tree.get(i) / tree.total;
      weights[k] = (size * p) ** -beta / maxWeight;
    }
    this.samples += 1;
  }

  /** Sets the priorities of sampled transitions from their TD errors: (|delta| + eps)^alpha. */
  update(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void {
    const tree = this.requireTree();
    for (let k = 0; k < indices.length; k++) {
      const p = Math.abs(tdErrors[k] as number) + this.epsilon;
      if (!Number.isFinite(p)) throw new InvalidArgumentError(`PrioritizedSampler.update TD errors must be finite, got ${describe(tdErrors[k])} at ${k}`);
      this.maxPriority = Math.max(this.maxPriority, p);
      tree.set(indices[k] as number, p ** this.alpha);
    }
  }

  state(): unknown {
    return { leaves: Array.from(this.requireTree().leaves()), maxPriority: this.maxPriority, samples: this.samples };
  }

  load(state: unknown): void {
    const s = state as { leaves: number[]; maxPriority: number; samples: number };
    this.requireTree().loadLeaves(s.leaves);
    this.maxPriority = s.maxPriority;
    this.samples = s.samples;
  }

  private requireTree(): SumTree {
    if (!this.tree) throw new InvalidArgumentError('PrioritizedSampler is used before a ReplayBuffer initialised it');
    return this.tree;
  }
}

/**
 * n-step returns (Sutton and Barto, ch. 7): turns a stream of 1-step transitions into transitions
 * whose reward is `r_t + gamma r_{t+1} + ... + gamma^{m-1} r_{t+m-1}` and whose next observation
 * is m steps ahead, with `discount = gamma^m` (m = n, or fewer at the end of an episode). It
 * composes with any replay buffer: push every step, store what it emits.
 *
 * At a termination the remaining transitions are emitted with `terminated` (no bootstrapping);
 * at a truncation they keep `terminated = false` and bootstrap from the last next observation.
 */
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { StoredTransition } from './replay_buffer.js';

export interface StepTransition {
  observation: ArrayLike<number>;
  action: number | ArrayLike<number>;
  reward: number;
  nextObservation: ArrayLike<number>;
  terminated: boolean;
  truncated: boolean;
}

interface Pending {
  observation: ArrayLike<number>;
  action: number | ArrayLike<number>;
  reward: number;
}

export class NStepAccumulator {
  readonly n: number;
  readonly gamma: number;
  private readonly queue: Pending[] = [];

  constructor(n: number, gamma: number) {
    if (!(Number.isSafeInteger(n) && n >= 1)) throw new InvalidArgumentError(`NStepAccumulator n must be an integer >= 1, got ${describe(n)}`);
    if (!(gamma >= 0 && gamma <= 1)) throw new InvalidArgumentError(`NStepAccumulator gamma must be in [0, 1], got ${describe(gamma)}`);
    this.n = n;
    this.gamma = gamma;
  }

  /** Transitions waiting for more steps. */
  get pending(): number {
    return this.queue.length;
  }

  /** Adds one step; returns the n-step transitions that are complete (in order). */
  push(t: StepTransition): StoredTransition[] {
    this.queue.push({ observation: t.observation, action: t.action, reward: t.reward });
    const out: StoredTransition[] = [];
    const done = t.terminated || t.truncated;
    if (this.queue.length === this.n && !done) out.push(this.emit(t, false));
    if (done) while (this.queue.length > 0) out.push(this.emit(t, true));
    return out;
  }

  /** Drops pending steps (e.g. when an episode is abandoned without an end flag). */
  clear(): void {
    this.queue.length = 0;
  }

  private emit(last: StepTransition, ending: boolean): StoredTransition {
    let reward = 0;
    let discount = 1;
    for (const p of this.queue) {
      reward += discount * p.reward;
      discount *= this.gamma;
    }
    const first = this.queue.shift() as Pending;
    return {
      observation: first.observation,
      action: first.action,
      reward,
      nextObservation: last.nextObservation,
      discount,
      terminated: ending && last.terminated,
      truncated: ending && last.truncated,
    };
  }
}

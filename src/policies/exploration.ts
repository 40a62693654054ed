/**
 * Action selection from action values: greedy, epsilon-greedy (with a schedule) and Boltzmann
 * (softmax with a temperature). All draw from an injected {@link Rng}.
 */
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Schedule } from '../core/schedules.js';

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/**
 * Picks an action index at `step`. Values come lazily, so that a policy that acts at random
 * this step (epsilon-greedy) never pays for a forward pass.
 */
export interface ExplorationPolicy {
  select(values: () => ArrayLike<number>, step: number): number;
}

export class GreedyPolicy implements ExplorationPolicy {
  select(values: () => ArrayLike<number>): number {
    return argmax(values());
  }
}

export class EpsilonGreedyPolicy implements ExplorationPolicy {
  constructor(
    readonly epsilon: Schedule,
    private readonly numActions: number,
    private readonly rng: Rng,
  ) {
    if (!(Number.isSafeInteger(numActions) && numActions > 0)) {
      throw new InvalidArgumentError(`EpsilonGreedyPolicy numActions must be a positive integer, got ${describe(numActions)}`);
    }
  }

  select(values: () => ArrayLike<number>, step: number): number {
    if (this.rng.random() < this.epsilon(step)) return this.rng.int(this.numActions);
    return argmax(values());
  }
}

export class BoltzmannPolicy implements ExplorationPolicy {
  constructor(
    private readonly temperature: Schedule,
    private readonly rng: Rng,
  ) {}

  select(getValues: () => ArrayLike<number>, step: number): number {
    const values = getValues();
    const tau = this.temperature(step);
    if (!(tau > 0)) throw new InvalidArgumentError(`BoltzmannPolicy temperature must be > 0, got ${describe(tau)} at step ${step}`);
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
    const weights = new Float64Array(values.length);
    let total = 0;
    for (let i = 0; i < values.length; i++) {
      const w = Math.exp(((values[i] as number) - max) / tau);
      weights[i] = w;
      total += w;
    }
    let u = this.rng.random() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] as number;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }
}

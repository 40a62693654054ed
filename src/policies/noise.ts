/**
 * Action noise for deterministic policies (TD3, DDPG), added to the actor's action in the
 * normalised [-1, 1] action space and drawn from an injected {@link Rng}, so a run is repeatable
 * under its seed and a checkpoint restores the noise exactly (the process state and the stream):
 * - Gaussian: independent N(0, sigma^2) per step (TD3's paper);
 * - Ornstein-Uhlenbeck (Uhlenbeck and Ornstein, 1930; DDPG's paper): temporally correlated,
 *   x <- x + theta (mu - x) dt + sigma sqrt(dt) N(0, 1), mean-reverting to mu; reset to `x0` at
 *   every episode's end, as Stable-Baselines3 does.
 */
import * as z from 'zod';
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

export interface ActionNoise {
  readonly kind: 'gaussian' | 'ornstein-uhlenbeck';
  /** Writes the next noise vector into `out` (its length is the action size). */
  sample(out: Float64Array): void;
  /** Starts a new episode (OU: the process returns to its initial value). */
  reset(): void;
  /** The process state, for checkpoints (JSON-able). */
  state(): number[];
  load(state: number[]): void;
}

/** How the noise is configured (a config field of TD3/DDPG). */
export type NoiseSpec =
  | { kind: 'none' }
  | { kind: 'gaussian'; sigma: number }
  | { kind: 'ornstein-uhlenbeck'; sigma: number; theta?: number | undefined; dt?: number | undefined };

const SIGMA = z.number().min(0);
export const NOISE_SPEC: z.ZodType<NoiseSpec> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('gaussian'), sigma: SIGMA }).strict(),
  z.object({ kind: z.literal('ornstein-uhlenbeck'), sigma: SIGMA, theta: z.number().min(0).optional(), dt: z.number().gt(0).optional() }).strict(),
]);

function checkSigma(name: string, sigma: number): void {
  if (!(Number.isFinite(sigma) && sigma >= 0)) throw new InvalidArgumentError(`${name} sigma must be a finite number >= 0, got ${describe(sigma)}`);
}

export class GaussianNoise implements ActionNoise {
  readonly kind = 'gaussian';
  constructor(
    readonly sigma: number,
    private readonly rng: () => Rng,
  ) {
    checkSigma('GaussianNoise', sigma);
  }

  sample(out: Float64Array): void {
    const rng = this.rng();
    for (let i = 0; i < out.length; i++) out[i] = rng.normal(0, this.sigma);
  }

  reset(): void {}
  state(): number[] {
    return [];
  }
  load(): void {}
}

export class OrnsteinUhlenbeckNoise implements ActionNoise {
  readonly kind = 'ornstein-uhlenbeck';
  private readonly x: Float64Array;

  /**
   * @param size numbers per action
   * @param rng the stream to draw from (a getter, so a restored stream is picked up)
   * @param theta rate of mean reversion (default 0.15, as DDPG's paper and SB3)
   * @param dt time step (default 1e-2, as SB3)
   * @param mu the mean it reverts to (default 0)
   */
  constructor(
    size: number,
    readonly sigma: number,
    private readonly rng: () => Rng,
    readonly theta = 0.15,
    readonly dt = 1e-2,
    readonly mu = 0,
  ) {
    checkSigma('OrnsteinUhlenbeckNoise', sigma);
    if (!(Number.isFinite(theta) && theta >= 0)) throw new InvalidArgumentError(`OrnsteinUhlenbeckNoise theta must be a finite number >= 0, got ${describe(theta)}`);
    if (!(Number.isFinite(dt) && dt > 0)) throw new InvalidArgumentError(`OrnsteinUhlenbeckNoise dt must be a finite number > 0, got ${describe(dt)}`);
    this.x = new Float64Array(size).fill(mu);
  }

  sample(out: Float64Array): void {
    const rng = this.rng();
    const scale = this.sigma * Math.sqrt(this.dt);
    for (let i = 0; i < out.length; i++) {
      const x = this.x[i] as number;
      const next = x + this.theta * (this.mu - x) * this.dt + scale * rng.normal();
      this.x[i] = next;
      out[i] = next;
    }
  }

  reset(): void {
    this.x.fill(this.mu);
  }

  state(): number[] {
    return Array.from(this.x);
  }

  load(state: number[]): void {
    if (state.length !== this.x.length || !state.every(Number.isFinite)) {
      throw new InvalidArgumentError(`OrnsteinUhlenbeckNoise state must be ${this.x.length} finite numbers, got ${describe(state)}`);
    }
    this.x.set(state);
  }
}

/** The noise a spec describes, or null for `none`. */
export function makeNoise(spec: NoiseSpec, size: number, rng: () => Rng): ActionNoise | null {
  switch (spec.kind) {
    case 'none':
      return null;
    case 'gaussian':
      return new GaussianNoise(spec.sigma, rng);
    case 'ornstein-uhlenbeck':
      return new OrnsteinUhlenbeckNoise(size, spec.sigma, rng, spec.theta, spec.dt);
  }
}

/**
 * Seeded random numbers for everything in tfgym (nothing draws from an unseeded source).
 *
 * `Rng` wraps seedrandom's Alea generator. Streams are split by name: `rng.child('replay')`
 * derives a generator from the parent's seed and the name only, so adding a new consumer
 * never shifts the numbers another consumer sees. The full state can be saved and restored,
 * which checkpoints use to resume a run exactly.
 */
import seedrandom from 'seedrandom';
import { InvalidArgumentError, describe } from './errors.js';

/** Serialisable state of an {@link Rng}: its seed string and the generator's internal state. */
export interface RngState {
  readonly seed: string;
  readonly alea: { c: number; s0: number; s1: number; s2: number };
  readonly spareNormal: number | null;
}

interface AleaPrng {
  (): number;
  double(): number;
  int32(): number;
  state(): RngState['alea'];
}

/** Draws a 31-bit seed from the platform's cryptographic source, for unseeded resets. */
export function entropySeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return (buf[0] ?? 0) >>> 1;
}

export class Rng {
  /** The seed string this generator was created from (children: `parent/name`). */
  readonly seed: string;
  private readonly prng: AleaPrng;
  private spareNormal: number | null = null;

  /**
   * @param seed a non-negative safe integer, or a string (used by child streams).
   */
  constructor(seed: number | string, state?: RngState['alea']) {
    if (typeof seed === 'number' && !(Number.isSafeInteger(seed) && seed >= 0)) {
      throw new InvalidArgumentError(
        `Rng seed must be a non-negative safe integer, got ${describe(seed)}`,
      );
    }
    this.seed = String(seed);
    this.prng = seedrandom.alea(this.seed, { state: state ?? true } as { state: true }) as unknown as AleaPrng;
  }

  /** A new generator seeded from this one's seed and `name`; independent of draws made so far. */
  child(name: string): Rng {
    return new Rng(`${this.seed}/${name}`);
  }

  /** Uniform float in [0, 1) with 53 bits of randomness. */
  random(): number {
    return this.prng.double();
  }

  /** Uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.prng.double();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0)) {
      throw new InvalidArgumentError(`Rng.int bound must be a positive integer, got ${describe(n)}`);
    }
    return Math.floor(this.prng.double() * n);
  }

  /** Standard normal sample scaled to N(mean, std^2) (Marsaglia polar method, cached pair). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.prng.double() - 1;
      v = 2 * this.prng.double() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + std * u * f;
  }

  /** Exponential sample with rate 1. */
  exponential(): number {
    return -Math.log(1 - this.prng.double());
  }

  /** Shuffles `arr` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng.double() * (i + 1));
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /** The generator's full state, for checkpoints. */
  state(): RngState {
    return { seed: this.seed, alea: this.prng.state(), spareNormal: this.spareNormal };
  }

  /** Rebuilds a generator that continues exactly where `state` was taken. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(state.seed, { ...state.alea });
    rng.spareNormal = state.spareNormal;
    return rng;
  }
}

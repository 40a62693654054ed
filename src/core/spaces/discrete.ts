/**
 * Integer spaces, Gymnasium's `Discrete`, `MultiDiscrete` and `MultiBinary`.
 */
import { InvalidSpaceError, describe } from '../errors.js';
import type { Rng } from '../rng.js';
import { isNumericArrayLike, sameArray, shapeProduct, type Space, type SpaceJSON } from './space.js';

/** `{start, start + 1, ..., start + n - 1}`; elements are plain integers. */
export class Discrete implements Space<number> {
  readonly kind = 'Discrete' as const;
  readonly shape: readonly number[] = Object.freeze([]);
  readonly n: number;
  readonly start: number;

  constructor(n: number, start = 0) {
    if (!(Number.isSafeInteger(n) && n > 0)) {
      throw new InvalidSpaceError(`Discrete n must be a positive integer, got ${describe(n)}`);
    }
    if (!Number.isSafeInteger(start)) {
      throw new InvalidSpaceError(`Discrete start must be an integer, got ${describe(start)}`);
    }
    this.n = n;
    this.start = start;
  }

  /**
   * A uniform element; with `mask` (one 0/1 entry per element), uniform over the allowed ones,
   * or `start` when none is allowed (as in Gymnasium).
   */
  sample(rng: Rng, mask?: ArrayLike<number>): number {
    if (mask === undefined) return this.start + rng.int(this.n);
    if (mask.length !== this.n) {
      throw new InvalidSpaceError(`Discrete sample mask length must equal n=${this.n}, got ${mask.length}`);
    }
    const allowed: number[] = [];
    for (let i = 0; i < this.n; i++) if (mask[i]) allowed.push(i);
    if (allowed.length === 0) return this.start;
    return this.start + (allowed[rng.int(allowed.length)] as number);
  }

  contains(x: unknown): boolean {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  equals(other: Space<unknown>): boolean {
    return other instanceof Discrete && other.n === this.n && other.start === this.start;
  }

  toJSON(): SpaceJSON {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}

/** A vector of discrete choices: element i is in `{start[i], ..., start[i] + nvec[i] - 1}`. */
export class MultiDiscrete implements Space<Int32Array> {
  readonly kind = 'MultiDiscrete' as const;
  readonly shape: readonly number[];
  readonly nvec: Int32Array;
  readonly start: Int32Array;

  constructor(nvec: ArrayLike<number>, start?: ArrayLike<number>) {
    if (!isNumericArrayLike(nvec) || nvec.length === 0) {
      throw new InvalidSpaceError(`MultiDiscrete nvec must be a non-empty array of positive integers, got ${describe(nvec)}`);
    }
    for (let i = 0; i < nvec.length; i++) {
      const n = nvec[i] as number;
      if (!(Number.isInteger(n) && n > 0 && n <= 2147483647)) {
        throw new InvalidSpaceError(`MultiDiscrete nvec[${i}] must be a positive integer, got ${describe(n)}`);
      }
    }
    if (start !== undefined && (!isNumericArrayLike(start) || start.length !== nvec.length)) {
      throw new InvalidSpaceError(
        `MultiDiscrete start must have the same length as nvec (${nvec.length}), got ${describe(start)}`,
      );
    }
    this.nvec = Int32Array.from(nvec);
    this.start = start === undefined ? new Int32Array(nvec.length) : Int32Array.from(start);
    this.shape = Object.freeze([nvec.length]);
  }

  sample(rng: Rng): Int32Array {
    const out = new Int32Array(this.nvec.length);
    for (let i = 0; i < out.length; i++) out[i] = (this.start[i] as number) + rng.int(this.nvec[i] as number);
    return out;
  }

  contains(x: unknown): boolean {
    if (!isNumericArrayLike(x) || x.length !== this.nvec.length) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      const s = this.start[i] as number;
      if (!(Number.isInteger(v) && v >= s && v < s + (this.nvec[i] as number))) return false;
    }
    return true;
  }

  equals(other: Space<unknown>): boolean {
    return other instanceof MultiDiscrete && sameArray(other.nvec, this.nvec) && sameArray(other.start, this.start);
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiDiscrete', nvec: Array.from(this.nvec), start: Array.from(this.start) };
  }

  toString(): string {
    return `MultiDiscrete([${Array.from(this.nvec).join(', ')}])`;
  }
}

/** Binary vectors (or arrays) of a given shape; elements are `Int8Array`s of 0s and 1s. */
export class MultiBinary implements Space<Int8Array> {
  readonly kind = 'MultiBinary' as const;
  readonly shape: readonly number[];
  readonly size: number;

  constructor(n: number | readonly number[]) {
    const shape = typeof n === 'number' ? [n] : n;
    if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new InvalidSpaceError(`MultiBinary n must be a positive integer or a shape of them, got ${describe(n)}`);
    }
    this.shape = Object.freeze([...shape]);
    this.size = shapeProduct(shape);
  }

  sample(rng: Rng): Int8Array {
    const out = new Int8Array(this.size);
    for (let i = 0; i < out.length; i++) out[i] = rng.int(2);
    return out;
  }

  contains(x: unknown): boolean {
    if (!isNumericArrayLike(x) || x.length !== this.size) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== 0 && x[i] !== 1) return false;
    return true;
  }

  equals(other: Space<unknown>): boolean {
    return other instanceof MultiBinary && sameArray(other.shape, this.shape);
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiBinary', shape: [...this.shape] };
  }

  toString(): string {
    return `MultiBinary([${this.shape.join(', ')}])`;
  }
}

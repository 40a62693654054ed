/**
 * `Box`: a (possibly unbounded) box in R^n, Gymnasium's `spaces.Box`.
 *
 * Bounds are broadcast to the shape and cast to the dtype (float32 bounds are rounded to float32,
 * infinite integer bounds become the dtype's range). Elements are typed arrays of the dtype, in
 * row-major order. `contains` accepts any array-like of numbers, cast to the dtype first, as
 * Gymnasium does for lists.
 */
import { InvalidSpaceError, describe } from '../errors.js';
import type { Rng } from '../rng.js';
import {
  DTYPES, DTYPE_RANGE, TYPED_ARRAY, encodeBound, isFloatDtype, isNumericArrayLike,
  sameArray, shapeProduct,
  type Dtype, type DtypeArrays, type Space, type SpaceJSON,
} from './space.js';

export interface BoxOptions<D extends Dtype> {
  /** Shape of an element; inferred from `low`/`high` (1-D) when they are arrays. */
  shape?: readonly number[];
  /** Element type. Default `float32`, as in Gymnasium. */
  dtype?: D;
}

export class Box<D extends Dtype = 'float32'> implements Space<DtypeArrays[D]> {
  readonly kind = 'Box' as const;
  readonly shape: readonly number[];
  readonly dtype: D;
  /** Lower bounds, one per element, in float64 (already cast through the dtype). */
  readonly low: Float64Array;
  /** Upper bounds, one per element, in float64 (already cast through the dtype). */
  readonly high: Float64Array;
  readonly size: number;
  private readonly boundedBelow: Uint8Array;
  private readonly boundedAbove: Uint8Array;

  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, options: BoxOptions<D> = {}) {
    const dtype = (options.dtype ?? 'float32') as D;
    if (!DTYPES.includes(dtype)) {
      throw new InvalidSpaceError(`Box dtype must be one of ${DTYPES.join(', ')}, got ${describe(dtype)}`);
    }
    this.dtype = dtype;
    this.shape = Object.freeze(inferShape(low, high, options.shape));
    this.size = shapeProduct(this.shape);
    this.low = castBounds('low', low, this.size, this.shape, dtype, -1);
    this.high = castBounds('high', high, this.size, this.shape, dtype, 1);
    this.boundedBelow = new Uint8Array(this.size);
    this.boundedAbove = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i] as number;
      const hi = this.high[i] as number;
      if (lo > hi) {
        throw new InvalidSpaceError(`Box low must be <= high in every dimension, low[${i}]=${lo} > high[${i}]=${hi}`);
      }
      this.boundedBelow[i] = lo > -Infinity ? 1 : 0;
      this.boundedAbove[i] = hi < Infinity ? 1 : 0;
    }
  }

  /** Whether every dimension is bounded `below`, `above`, or on `both` sides. */
  isBounded(manner: 'both' | 'below' | 'above' = 'both'): boolean {
    const below = this.boundedBelow.every((b) => b === 1);
    const above = this.boundedAbove.every((b) => b === 1);
    if (manner === 'below') return below;
    if (manner === 'above') return above;
    return below && above;
  }

  sample(rng: Rng): DtypeArrays[D] {
    const out = new TYPED_ARRAY[this.dtype](this.size) as DtypeArrays[D];
    const isFloat = isFloatDtype(this.dtype);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i] as number;
      const hi = isFloat ? (this.high[i] as number) : (this.high[i] as number) + 1;
      let v: number;
      if (this.boundedBelow[i] && this.boundedAbove[i]) v = rng.uniform(lo, hi);
      else if (this.boundedBelow[i]) v = lo + rng.exponential();
      else if (this.boundedAbove[i]) v = hi - rng.exponential();
      else v = rng.normal();
      out[i] = isFloat ? v : Math.min(Math.floor(v), this.high[i] as number);
    }
    return out;
  }

  contains(x: unknown): boolean {
    if (!isNumericArrayLike(x) || x.length !== this.size) return false;
    const isFloat = isFloatDtype(this.dtype);
    for (let i = 0; i < this.size; i++) {
      let v = x[i];
      if (typeof v !== 'number') return false;
      if (this.dtype === 'float32') v = Math.fround(v);
      else if (!isFloat && !Number.isInteger(v)) return false;
      if (!(v >= (this.low[i] as number) && v <= (this.high[i] as number))) return false;
    }
    return true;
  }

  equals(other: Space<unknown>): boolean {
    return (
      other instanceof Box &&
      other.dtype === this.dtype &&
      sameArray(other.shape, this.shape) &&
      sameArray(other.low, this.low) &&
      sameArray(other.high, this.high)
    );
  }

  toJSON(): SpaceJSON {
    return {
      type: 'Box',
      shape: [...this.shape],
      low: Array.from(this.low, encodeBound),
      high: Array.from(this.high, encodeBound),
      dtype: this.dtype,
    };
  }

  toString(): string {
    const lo = uniformOr(this.low);
    const hi = uniformOr(this.high);
    return `Box(${lo}, ${hi}, [${this.shape.join(', ')}], ${this.dtype})`;
  }
}

function uniformOr(a: Float64Array): string {
  return a.length > 0 && a.every((v) => v === a[0]) ? String(a[0]) : `[${Array.from(a).join(', ')}]`;
}

function inferShape(
  low: number | ArrayLike<number>,
  high: number | ArrayLike<number>,
  shape: readonly number[] | undefined,
): number[] {
  if (shape !== undefined) {
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new InvalidSpaceError(`Box shape must be an array of positive integers, got ${describe(shape)}`);
    }
    return [...shape];
  }
  if (typeof low !== 'number') return [low.length];
  if (typeof high !== 'number') return [high.length];
  throw new InvalidSpaceError(
    `Box shape must be given when low and high are both scalars, got low=${describe(low)}, high=${describe(high)}`,
  );
}

function castBounds(
  name: 'low' | 'high',
  value: number | ArrayLike<number>,
  size: number,
  shape: readonly number[],
  dtype: Dtype,
  sign: -1 | 1,
): Float64Array {
  if (typeof value !== 'number' && !isNumericArrayLike(value)) {
    throw new InvalidSpaceError(`Box ${name} must be a number or an array of numbers, got ${describe(value)}`);
  }
  if (typeof value !== 'number' && value.length !== size) {
    throw new InvalidSpaceError(
      `Box ${name}.length doesn't match provided shape, ${name}.length=${value.length}, shape=[${shape.join(', ')}]`,
    );
  }
  const out = new Float64Array(size);
  const [dmin, dmax] = DTYPE_RANGE[dtype];
  for (let i = 0; i < size; i++) {
    let v = typeof value === 'number' ? value : value[i];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new InvalidSpaceError(`Box ${name}[${i}] must be a number (not NaN), got ${describe(v)}`);
    }
    if (v === sign * -Infinity) {
      throw new InvalidSpaceError(`Box ${name}[${i}] must be ${sign < 0 ? 'below +Infinity' : 'above -Infinity'}, got ${v}`);
    }
    if (isFloatDtype(dtype)) {
      if (dtype === 'float32') v = Math.fround(v);
    } else {
      if (!Number.isFinite(v)) v = sign < 0 ? dmin : dmax;
      if (!Number.isInteger(v) || v < dmin || v > dmax) {
        throw new InvalidSpaceError(`Box ${name}[${i}] must be an integer in [${dmin}, ${dmax}] for dtype ${dtype}, got ${v}`);
      }
    }
    out[i] = v;
  }
  return out;
}

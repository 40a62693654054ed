/**
 * The `Space` contract, with Gymnasium's semantics: a set that can be sampled from with an
 * injected {@link Rng}, tested for membership, compared, and serialised to JSON.
 */
import type { Rng } from '../rng.js';

/** Numeric element types a {@link Box} can hold, each backed by its typed array. */
export interface DtypeArrays {
  float32: Float32Array;
  float64: Float64Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
}
export type Dtype = keyof DtypeArrays;
export type NumericArray = DtypeArrays[Dtype];

export const DTYPES: readonly Dtype[] = [
  'float32', 'float64', 'int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32',
];

/** Constructors for every dtype, so that code never switches on dtype strings itself. */
export const TYPED_ARRAY: { [D in Dtype]: { new (n: number): DtypeArrays[D]; from(a: ArrayLike<number>): DtypeArrays[D] } } = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
};

/** Smallest and largest value of each integer dtype (floats: ±Infinity). */
export const DTYPE_RANGE: { [D in Dtype]: readonly [number, number] } = {
  float32: [-Infinity, Infinity],
  float64: [-Infinity, Infinity],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};

export function isFloatDtype(d: Dtype): d is 'float32' | 'float64' {
  return d === 'float32' || d === 'float64';
}

/** The JSON form of every space, tagged by `type`. Infinite bounds are written "inf" / "-inf". */
export type SpaceJSON =
  | { type: 'Box'; shape: number[]; low: (number | string)[]; high: (number | string)[]; dtype: Dtype }
  | { type: 'Discrete'; n: number; start: number }
  | { type: 'MultiDiscrete'; nvec: number[]; start: number[] }
  | { type: 'MultiBinary'; shape: number[] }
  | { type: 'Tuple'; spaces: SpaceJSON[] }
  | { type: 'Dict'; spaces: { [key: string]: SpaceJSON } };

export type SpaceKind = SpaceJSON['type'];

export interface Space<T = unknown> {
  /** Which kind of space this is; `flatten` and the JSON form dispatch on it. */
  readonly kind: SpaceKind;
  /** Shape of one element (`[]` for Discrete, `null` for Tuple and Dict). */
  readonly shape: readonly number[] | null;
  /** A uniformly (or, for unbounded boxes, normally/exponentially) distributed element. */
  sample(rng: Rng): T;
  /** Whether `x` is an element of this space. Never throws. */
  contains(x: unknown): boolean;
  /** Structural equality: same kind, shape, bounds and dtype. */
  equals(other: Space<unknown>): boolean;
  toJSON(): SpaceJSON;
  toString(): string;
}

/** Element type of a space. */
export type SpaceValue<S> = S extends Space<infer T> ? T : never;

export function encodeBound(v: number): number | string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return v;
}

export function decodeBound(v: number | string): number {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return Number(v);
}

export function shapeProduct(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** True for arrays and typed arrays (not DataView). */
export function isNumericArrayLike(x: unknown): x is ArrayLike<number> {
  if (Array.isArray(x)) return true;
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

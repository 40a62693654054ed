/**
 * Flattening, as Gymnasium's `spaces.utils`: every space maps to a flat vector of `flatDim`
 * numbers, which is what agents use to size their networks. Discrete values become one-hot
 * vectors, boxes are raveled, composites are concatenated in order (Dict: sorted keys).
 * Flat vectors are `Float32Array`s, the type networks consume.
 */
import { InvalidArgumentError, describe } from '../errors.js';
import { Box } from './box.js';
import { Dict, Tuple } from './composite.js';
import { Discrete, MultiBinary, MultiDiscrete } from './discrete.js';
import { TYPED_ARRAY, decodeBound, type Dtype, type Space, type SpaceJSON } from './space.js';

/** Length of the flat vector of an element of `space`. */
export function flatDim(space: Space<unknown>): number {
  if (space instanceof Box) return space.size;
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  if (space instanceof MultiBinary) return space.size;
  if (space instanceof Tuple) return space.spaces.reduce((a, s) => a + flatDim(s), 0);
  if (space instanceof Dict) return space.keys.reduce((a, k) => a + flatDim(space.spaces[k] as Space<unknown>), 0);
  throw new InvalidArgumentError(`flatDim does not know space ${describe(space)}`);
}

/** Writes the flat form of `x` (an element of `space`) into `out` at `offset`; returns the new offset. */
export function flattenInto(space: Space<unknown>, x: unknown, out: Float32Array, offset = 0): number {
  if (!space.contains(x)) {
    throw new InvalidArgumentError(`flatten: value ${describe(x)} is not an element of ${String(space)}`);
  }
  if (space instanceof Box || space instanceof MultiBinary) {
    const arr = x as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) out[offset + i] = arr[i] as number;
    return offset + arr.length;
  }
  if (space instanceof Discrete) {
    out.fill(0, offset, offset + space.n);
    out[offset + (x as number) - space.start] = 1;
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    const arr = x as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) {
      const n = space.nvec[i] as number;
      out.fill(0, offset, offset + n);
      out[offset + (arr[i] as number) - (space.start[i] as number)] = 1;
      offset += n;
    }
    return offset;
  }
  if (space instanceof Tuple) {
    const arr = x as unknown[];
    space.spaces.forEach((s, i) => { offset = flattenInto(s, arr[i], out, offset); });
    return offset;
  }
  if (space instanceof Dict) {
    const obj = x as Record<string, unknown>;
    for (const k of space.keys) offset = flattenInto(space.spaces[k] as Space<unknown>, obj[k], out, offset);
    return offset;
  }
  throw new InvalidArgumentError(`flatten does not know space ${describe(space)}`);
}

/** The flat `Float32Array` form of `x`, an element of `space`. */
export function flatten(space: Space<unknown>, x: unknown): Float32Array {
  const out = new Float32Array(flatDim(space));
  flattenInto(space, x, out, 0);
  return out;
}

/** Inverse of {@link flatten}: rebuilds an element of `space` from its flat vector. */
export function unflatten<T>(space: Space<T>, flat: ArrayLike<number>): T {
  const dim = flatDim(space);
  if (flat.length !== dim) {
    throw new InvalidArgumentError(`unflatten: flat vector length must equal flatDim=${dim} of ${String(space)}, got ${flat.length}`);
  }
  return unflattenAt(space, flat, 0) as T;
}

function argmaxSlice(flat: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if ((flat[offset + i] as number) > (flat[offset + best] as number)) best = i;
  return best;
}

function unflattenAt(space: Space<unknown>, flat: ArrayLike<number>, offset: number): unknown {
  if (space instanceof Box) {
    const box: Box<Dtype> = space;
    const out = new TYPED_ARRAY[box.dtype](box.size);
    for (let i = 0; i < space.size; i++) out[i] = flat[offset + i] as number;
    return out;
  }
  if (space instanceof MultiBinary) {
    const out = new Int8Array(space.size);
    for (let i = 0; i < space.size; i++) out[i] = flat[offset + i] as number;
    return out;
  }
  if (space instanceof Discrete) return space.start + argmaxSlice(flat, offset, space.n);
  if (space instanceof MultiDiscrete) {
    const out = new Int32Array(space.nvec.length);
    for (let i = 0; i < out.length; i++) {
      const n = space.nvec[i] as number;
      out[i] = (space.start[i] as number) + argmaxSlice(flat, offset, n);
      offset += n;
    }
    return out;
  }
  if (space instanceof Tuple) {
    return space.spaces.map((s) => {
      const v = unflattenAt(s, flat, offset);
      offset += flatDim(s);
      return v;
    });
  }
  if (space instanceof Dict) {
    const out: Record<string, unknown> = {};
    for (const k of space.keys) {
      const s = space.spaces[k] as Space<unknown>;
      out[k] = unflattenAt(s, flat, offset);
      offset += flatDim(s);
    }
    return out;
  }
  throw new InvalidArgumentError(`unflatten does not know space ${describe(space)}`);
}

/** The float32 `Box` that flat vectors of `space` live in (one-hot parts bounded by [0, 1]). */
export function flattenSpace(space: Space<unknown>): Box<'float32'> {
  if (space instanceof Box) return new Box(space.low, space.high, { shape: [space.size], dtype: 'float32' });
  const dim = flatDim(space);
  if (space instanceof Tuple || space instanceof Dict) {
    const parts = space instanceof Tuple ? space.spaces : space.keys.map((k) => space.spaces[k] as Space<unknown>);
    const low = new Float64Array(dim);
    const high = new Float64Array(dim);
    let o = 0;
    for (const p of parts) {
      const b = flattenSpace(p);
      low.set(b.low, o);
      high.set(b.high, o);
      o += b.size;
    }
    return new Box(low, high, { shape: [dim], dtype: 'float32' });
  }
  return new Box(0, 1, { shape: [dim], dtype: 'float32' });
}

/** Rebuilds a space from its JSON form. */
export function spaceFromJSON(json: SpaceJSON): Space<unknown> {
  switch (json.type) {
    case 'Box':
      return new Box(json.low.map(decodeBound), json.high.map(decodeBound), { shape: json.shape, dtype: json.dtype });
    case 'Discrete':
      return new Discrete(json.n, json.start);
    case 'MultiDiscrete':
      return new MultiDiscrete(json.nvec, json.start);
    case 'MultiBinary':
      return new MultiBinary(json.shape);
    case 'Tuple':
      return new Tuple(json.spaces.map(spaceFromJSON));
    case 'Dict': {
      const spaces: Record<string, Space<unknown>> = {};
      for (const [k, v] of Object.entries(json.spaces)) spaces[k] = spaceFromJSON(v);
      return new Dict(spaces);
    }
    default:
      throw new InvalidArgumentError(`spaceFromJSON: unknown space type ${describe((json as { type?: unknown }).type)}`);
  }
}

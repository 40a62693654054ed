import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidSpaceError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import {
  Box, Dict, Discrete, MultiBinary, MultiDiscrete, Tuple, flatDim, flatten, flattenSpace, spaceFromJSON, unflatten,
  type Space,
} from '../../src/core/spaces/index.js';

const rng = new Rng(0);
const samples = <T>(space: Space<T>, n = 200): T[] => Array.from({ length: n }, () => space.sample(rng));

describe('Box', () => {
  it('casts float32 bounds and infers the shape', () => {
    const box = new Box([-1.2, -0.07], [0.6, 0.07]);
    expect(box.shape).toEqual([2]);
    expect(box.high[0]).toBe(Math.fround(0.6));
    expect(box.dtype).toBe('float32');
    expect(String(box)).toBe(`Box([-1.2000000476837158, -0.07000000029802322], [0.6000000238418579, 0.07000000029802322], [2], float32)`);
  });

  it('samples inside bounded boxes and from the right tails of unbounded ones', () => {
    const box = new Box(-1, 2, { shape: [3] });
    for (const s of samples(box)) expect(box.contains(s)).toBe(true);
    const lower = new Box([0, -Infinity], [Infinity, 0]);
    for (const s of samples(lower)) {
      expect(s[0]).toBeGreaterThanOrEqual(0);
      expect(s[1]).toBeLessThanOrEqual(0);
    }
    const ints = new Box(0, 3, { shape: [4], dtype: 'int32' });
    const seen = new Set(samples(ints).flatMap((s) => Array.from(s)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('contains only arrays of the right length within bounds, and no NaN', () => {
    const box = new Box(-1, 1, { shape: [2] });
    expect(box.contains([0, 1])).toBe(true);
    expect(box.contains(Float64Array.of(0.5, -1))).toBe(true);
    expect(box.contains([0, 1.5])).toBe(false);
    expect(box.contains([0])).toBe(false);
    expect(box.contains([0, Number.NaN])).toBe(false);
    expect(box.contains('ab')).toBe(false);
    expect(new Box(0, 3, { shape: [1], dtype: 'int8' }).contains([1.5])).toBe(false);
  });

  it('rejects invalid parameters with messages naming the rule and the value', () => {
    expect(() => new Box([0, 0, 0], [1, 1], { shape: [2] })).toThrow(new InvalidSpaceError("Box low.length doesn't match provided shape, low.length=3, shape=[2]"));
    expect(() => new Box([0, 2], [1, 1])).toThrow('Box low must be <= high in every dimension, low[1]=2 > high[1]=1');
    expect(() => new Box(0, 1)).toThrow('Box shape must be given when low and high are both scalars, got low=0, high=1');
    expect(() => new Box(0, 1, { shape: [2, -1] })).toThrow('Box shape must be an array of positive integers, got [2, -1]');
    expect(() => new Box(0, 1, { shape: [1], dtype: 'float16' as 'float32' })).toThrow('Box dtype must be one of float32, float64, int8, int16, int32, uint8, uint16, uint32, got "float16"');
    expect(() => new Box([Number.NaN], [1])).toThrow('Box low[0] must be a number (not NaN), got NaN');
    expect(() => new Box(Infinity, Infinity, { shape: [1] })).toThrow('Box low[0] must be below +Infinity, got Infinity');
    expect(() => new Box(0.5, 3, { shape: [1], dtype: 'uint8' })).toThrow('Box low[0] must be an integer in [0, 255] for dtype uint8, got 0.5');
  });

  it('maps infinite integer bounds to the dtype range', () => {
    const box = new Box(-Infinity, Infinity, { shape: [1], dtype: 'int8' });
    expect([box.low[0], box.high[0]]).toEqual([-128, 127]);
  });
});

describe('Discrete, MultiDiscrete, MultiBinary', () => {
  it('Discrete honours start and masks', () => {
    const d = new Discrete(3, -1);
    expect(new Set(samples(d))).toEqual(new Set([-1, 0, 1]));
    expect(d.contains(2)).toBe(false);
    expect(d.contains(0.5)).toBe(false);
    expect(new Set(Array.from({ length: 50 }, () => d.sample(rng, [0, 0, 1])))).toEqual(new Set([1]));
    expect(d.sample(rng, [0, 0, 0])).toBe(-1);
    expect(String(d)).toBe('Discrete(3, start=-1)');
    expect(() => new Discrete(0)).toThrow(new InvalidSpaceError('Discrete n must be a positive integer, got 0'));
    expect(() => d.sample(rng, [1])).toThrow('Discrete sample mask length must equal n=3, got 1');
  });

  it('MultiDiscrete and MultiBinary sample members and reject non-members', () => {
    const md = new MultiDiscrete([2, 3], [0, 10]);
    for (const s of samples(md)) expect(md.contains(s)).toBe(true);
    expect(md.contains([1, 13])).toBe(false);
    expect(() => new MultiDiscrete([2, 0])).toThrow('MultiDiscrete nvec[1] must be a positive integer, got 0');
    const mb = new MultiBinary([2, 2]);
    for (const s of samples(mb)) expect(mb.contains(s)).toBe(true);
    expect(mb.contains([0, 1, 2, 0])).toBe(false);
    expect(() => new MultiBinary(0)).toThrow('MultiBinary n must be a positive integer or a shape of them, got 0');
  });
});

describe('Tuple and Dict', () => {
  it('sample, contain and sort Dict keys', () => {
    const dict = new Dict({ z: new Discrete(2), a: new Box(0, 1, { shape: [2] }) });
    expect(dict.keys).toEqual(['a', 'z']);
    for (const s of samples(dict, 20)) expect(dict.contains(s)).toBe(true);
    expect(dict.contains({ a: [0, 0] })).toBe(false);
    const tuple = new Tuple([new Discrete(2), new MultiBinary(3)]);
    for (const s of samples(tuple, 20)) expect(tuple.contains(s)).toBe(true);
    expect(() => new Tuple([1 as unknown as Space<unknown>])).toThrow('Tuple spaces[0] must be a Space, got 1');
  });
});

describe('JSON, equality and flattening', () => {
  const spaces: Space<unknown>[] = [
    new Box([-Infinity, 0], [Infinity, 1], { dtype: 'float64' }),
    new Discrete(4, 1),
    new MultiDiscrete([2, 3]),
    new MultiBinary(3),
    new Tuple([new Discrete(2), new Box(0, 1, { shape: [2] })]),
    new Dict({ pos: new Box(-1, 1, { shape: [2] }), k: new Discrete(3) }),
  ];

  it.each(spaces.map((s) => [String(s), s] as const))('%s round-trips through JSON and flattening', (_name, space) => {
    const back = spaceFromJSON(JSON.parse(JSON.stringify(space.toJSON())));
    expect(back.equals(space)).toBe(true);
    for (const x of samples(space, 20)) {
      const flat = flatten(space, x);
      expect(flat.length).toBe(flatDim(space));
      expect(flattenSpace(space).contains(flat)).toBe(true);
      const y = unflatten(space, flat);
      expect(space.contains(y)).toBe(true);
      expect(flatten(space, y)).toEqual(flat);
    }
  });

  it('one-hot encodes discrete values and sizes flat vectors', () => {
    expect(Array.from(flatten(new Discrete(4, 1), 3))).toEqual([0, 0, 1, 0]);
    expect(flatDim(new MultiDiscrete([2, 3]))).toBe(5);
    expect(flatDim(spaces[5] as Space<unknown>)).toBe(5);
    expect(new Discrete(3).equals(new Discrete(3, 1))).toBe(false);
  });

  it('rejects values outside the space and wrong flat lengths', () => {
    expect(() => flatten(new Discrete(2), 5)).toThrow(new InvalidArgumentError('flatten: value 5 is not an element of Discrete(2)'));
    expect(() => unflatten(new Discrete(2), [1, 0, 0])).toThrow('unflatten: flat vector length must equal flatDim=2 of Discrete(2), got 3');
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';

const draw = (rng: Rng, n = 5): number[] => Array.from({ length: n }, () => rng.random());

describe('Rng', () => {
  it('is deterministic under a seed and differs across seeds', () => {
    expect(draw(new Rng(1))).toEqual(draw(new Rng(1)));
    expect(draw(new Rng(1))).not.toEqual(draw(new Rng(2)));
  });

  it('child streams depend only on the seed and the name, not on earlier draws', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draw(b, 100);
    expect(draw(a.child('replay'))).toEqual(draw(b.child('replay')));
    expect(draw(a.child('replay'))).not.toEqual(draw(a.child('policy')));
  });

  it('restores its exact state, including a cached normal sample', () => {
    const rng = new Rng(3);
    rng.normal();
    const state = rng.state();
    const copy = Rng.fromState(JSON.parse(JSON.stringify(state)));
    expect([rng.normal(), rng.random(), rng.int(10)]).toEqual([copy.normal(), copy.random(), copy.int(10)]);
  });

  it('draws in range with the right moments', () => {
    const rng = new Rng(11);
    const n = 20000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
      const u = rng.uniform(-2, 3);
      expect(u >= -2 && u < 3).toBe(true);
      const k = rng.int(4);
      expect(Number.isInteger(k) && k >= 0 && k < 4).toBe(true);
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.05);
  });

  it('shuffles in place as a permutation', () => {
    const arr = [0, 1, 2, 3, 4, 5, 6, 7];
    new Rng(5).shuffle(arr);
    expect([...arr].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(arr).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects bad seeds and bounds with clear errors', () => {
    expect(() => new Rng(-1)).toThrow(new InvalidArgumentError('Rng seed must be a non-negative safe integer, got -1'));
    expect(() => new Rng(1.5)).toThrow('Rng seed must be a non-negative safe integer, got 1.5');
    expect(() => new Rng(1).int(0)).toThrow('Rng.int bound must be a positive integer, got 0');
  });
});

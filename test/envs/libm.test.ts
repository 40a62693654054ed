/**
 * sin/cos against glibc's own results, and the emulated FMA against exact rational arithmetic,
 * both recorded by scripts/record_libm.py.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fma } from '../../src/envs/classic_control/fma.js';
import { cos, sin } from '../../src/envs/classic_control/libm.js';

const data = JSON.parse(readFileSync(new URL('../golden/libm.json', import.meta.url), 'utf8')) as {
  x: number[]; sin: number[]; cos: number[]; fma: [number, number, number, number][];
};

describe('libm', () => {
  it('sin and cos equal glibc bit for bit on every branch of the method', () => {
    const bad = data.x.filter((x, i) => !Object.is(sin(x), data.sin[i]) || !Object.is(cos(x), data.cos[i]));
    expect(bad).toEqual([]);
    expect(data.x.length).toBeGreaterThan(6000);
  });

  it('differs from V8 Math.cos somewhere, which is why it exists', () => {
    expect(data.x.some((x, i) => Math.cos(x) !== data.cos[i])).toBe(true);
  });

  it('gives NaN for non-finite input', () => {
    expect(sin(Infinity)).toBeNaN();
    expect(cos(Number.NaN)).toBeNaN();
  });

  it('fma rounds a * b + c once', () => {
    const bad = data.fma.filter(([a, b, c, r]) => !Object.is(fma(a, b, c), r));
    expect(bad).toEqual([]);
    // A case where two roundings differ from one: (1 + 2^-30)^2 - (1 + 2^-29).
    const x = 1 + 2 ** -30;
    expect(fma(x, x, -(1 + 2 ** -29))).toBe(2 ** -60);
    expect(x * x - (1 + 2 ** -29)).toBe(0);
  });
});

describe('libm fast path', () => {
  it('equals the fully fused path on random arguments in every branch', async () => {
    const { sinFused, cosFused } = await import('../../src/envs/classic_control/libm.js');
    const { Rng } = await import('../../src/core/rng.js');
    const rng = new Rng(2026);
    const ranges: [number, number][] = [[-0.13, 0.13], [-0.9, 0.9], [-2.5, 2.5], [-50, 50], [-3e7, 3e7]];
    const bad: number[] = [];
    for (const [lo, hi] of ranges) {
      for (let i = 0; i < 40_000; i++) {
        const x = rng.uniform(lo, hi);
        if (!Object.is(sin(x), sinFused(x)) || !Object.is(cos(x), cosFused(x))) bad.push(x);
      }
    }
    expect(bad).toEqual([]);
    expect(data.x.filter((x, i) => !Object.is(sinFused(x), data.sin[i]) || !Object.is(cosFused(x), data.cos[i]))).toEqual([]);
  });
});

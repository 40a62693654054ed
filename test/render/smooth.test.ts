import { describe, expect, it } from 'vitest';
import { smooth } from '../../src/render/client/smooth.js';

describe('chart smoothing', () => {
  it('is the identity at 0, a debiased moving average otherwise, and keeps gaps', () => {
    expect(smooth([1, null, 3], 0)).toEqual([1, null, 3]);
    const s = smooth([10, 10, 10], 0.9);
    for (const v of s) expect(v).toBeCloseTo(10, 12); // debiased: a constant stays itself from the first point
    const [a, gap, b] = smooth([0, null, 10], 0.5);
    expect([a, gap]).toEqual([0, null]);
    expect(b).toBeCloseTo((0.5 * 0.5 * 0 + 0.5 * 10) / (1 - 0.25), 12); // ((0 * 0.5) * 0.5 + 0.5 * 10) / (1 - 0.5^2)
  });
});

import { describe, expect, it, vi } from 'vitest';

describe('examples', () => {
  it('the polynomial fit example recovers the tutorial\'s cubic', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    await import('../examples/polynomial_fit.js');
    log.mockRestore();
    const last = lines.at(-1) ?? '';
    const m = /^fitted \[(.*)\], true \[1, -4, -2, 2\]$/.exec(last);
    expect(m, last).not.toBeNull();
    const w = m![1]!.split(', ').map(Number);
    [1, -4, -2, 2].forEach((t, i) => expect(Math.abs(w[i]! - t)).toBeLessThan(0.5));
  });
});

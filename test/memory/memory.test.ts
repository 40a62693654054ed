import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { NStepAccumulator, PrioritizedSampler, ReplayBuffer, SumTree, type StoredTransition } from '../../src/memory/index.js';

const t = (i: number, extra: Partial<StoredTransition> = {}): StoredTransition => ({
  observation: [i, -i], action: i % 3, reward: i, nextObservation: [i + 1, -i - 1], discount: 0.99, terminated: false, truncated: false, ...extra,
});

describe('ReplayBuffer', () => {
  it('wraps around its capacity, overwriting the oldest', () => {
    const buf = new ReplayBuffer({ capacity: 3, observationSize: 2 });
    for (let i = 0; i < 5; i++) buf.add(t(i));
    expect([buf.size, buf.position]).toEqual([3, 2]);
    expect(Array.from(buf.rewards)).toEqual([3, 4, 2]);
    expect(Array.from(buf.observations)).toEqual([3, -3, 4, -4, 2, -2]);
  });

  it('samples uniformly and returns named, aligned columns', () => {
    const buf = new ReplayBuffer({ capacity: 4, observationSize: 2 });
    for (let i = 0; i < 4; i++) buf.add(t(i, { terminated: i === 2 }));
    const counts = [0, 0, 0, 0];
    const rng = new Rng(1);
    for (let k = 0; k < 2000; k++) {
      const b = buf.sample(8, rng);
      for (let j = 0; j < b.size; j++) {
        const i = b.indices[j]!;
        counts[i]! += 1;
        expect([b.rewards[j], b.observations[2 * j], b.nextObservations[2 * j], b.actions[j], b.terminated[j]]).toEqual([i, i, i + 1, i % 3, i === 2 ? 1 : 0]);
      }
    }
    for (const c of counts) expect(Math.abs(c / 16000 - 0.25)).toBeLessThan(0.02);
  });

  it('saves and restores its contents', () => {
    const a = new ReplayBuffer({ capacity: 5, observationSize: 2 });
    for (let i = 0; i < 7; i++) a.add(t(i));
    const b = new ReplayBuffer({ capacity: 5, observationSize: 2 });
    b.load(a.state());
    expect(b.sample(4, new Rng(3))).toEqual(a.sample(4, new Rng(3)));
    expect(() => new ReplayBuffer({ capacity: 4, observationSize: 2 }).load(a.state())).toThrow(
      'ReplayBuffer state has capacity 5, observationSize 2, actionSize 1; this buffer has 4, 2, 1',
    );
  });

  it('rejects bad sizes and empty sampling', () => {
    expect(() => new ReplayBuffer({ capacity: 0, observationSize: 2 })).toThrow(new InvalidArgumentError('ReplayBuffer capacity must be a positive integer, got 0'));
    const buf = new ReplayBuffer({ capacity: 2, observationSize: 2 });
    expect(() => buf.sample(1, new Rng(0))).toThrow('ReplayBuffer.sample needs at least one stored transition, got an empty buffer');
    expect(() => buf.add(t(0, { observation: [1] }))).toThrow('ReplayBuffer observations must have 2 numbers, got 1 and 2');
  });
});

describe('prioritized replay', () => {
  it('the sum tree sums, finds by prefix mass and tracks the minimum', () => {
    const tree = new SumTree(5);
    [1, 2, 3, 4, 0.5].forEach((v, i) => tree.set(i, v));
    expect(tree.total).toBe(10.5);
    expect(tree.min).toBe(0.5);
    expect([0, 0.99, 1, 2.99, 3, 5.99, 6, 9.99, 10.2].map((m) => tree.find(m))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4]);
  });

  it('samples in proportion to priority^alpha with normalised importance weights', () => {
    const sampler = new PrioritizedSampler({ alpha: 1, beta0: 1 });
    const buf = new ReplayBuffer({ capacity: 4, observationSize: 2, sampler });
    for (let i = 0; i < 4; i++) buf.add(t(i));
    sampler.update([0, 1, 2, 3], [1, 1, 1, 5].map((p) => p - 1e-6));
    const counts = [0, 0, 0, 0];
    const rng = new Rng(2);
    let weights: Float32Array | null = null;
    for (let k = 0; k < 2000; k++) {
      const b = buf.sample(8, rng);
      b.indices.forEach((i) => (counts[i]! += 1));
      weights = b.weights;
    }
    expect(counts[3]! / 16000).toBeCloseTo(5 / 8, 1);
    expect(Math.max(...Array.from(weights!))).toBeLessThanOrEqual(1);
    expect(() => sampler.update([0], [Number.NaN])).toThrow('PrioritizedSampler.update TD errors must be finite, got NaN at 0');
    expect(() => new PrioritizedSampler({ alpha: 2 })).toThrow('PrioritizedSampler alpha must be in [0, 1], got 2');
  });
});

describe('n-step returns', () => {
  const step = (r: number, extra: Partial<{ terminated: boolean; truncated: boolean }> = {}) => ({
    observation: [r], action: 0, reward: r, nextObservation: [r + 1], terminated: false, truncated: false, ...extra,
  });

  it('sums n discounted rewards and bootstraps gamma^n ahead', () => {
    const acc = new NStepAccumulator(3, 0.5);
    expect(acc.push(step(1))).toEqual([]);
    expect(acc.push(step(2))).toEqual([]);
    const [first] = acc.push(step(4));
    expect(first).toMatchObject({ observation: [1], reward: 1 + 0.5 * 2 + 0.25 * 4, nextObservation: [5], discount: 0.125, terminated: false });
  });

  it('flushes shorter returns at a termination, without bootstrapping', () => {
    const acc = new NStepAccumulator(3, 0.5);
    acc.push(step(1));
    const out = acc.push(step(2, { terminated: true }));
    expect(out.map((o) => [o.reward, o.discount, o.terminated, o.nextObservation[0]])).toEqual([[2, 0.25, true, 3], [2, 0.5, true, 3]]);
    expect(acc.pending).toBe(0);
  });

  it('flushes at a truncation but keeps bootstrapping from the last observation', () => {
    const acc = new NStepAccumulator(2, 0.9);
    acc.push(step(1));
    acc.push(step(1));
    const out = acc.push(step(1, { truncated: true }));
    expect(out.map((o) => [o.reward, o.discount, o.terminated, o.truncated])).toEqual([[1.9, 0.81, false, true], [1, 0.9, false, true]]);
  });
});

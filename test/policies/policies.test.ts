import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { BoltzmannPolicy, EpsilonGreedyPolicy, GreedyPolicy, argmax } from '../../src/policies/index.js';
import { constantSchedule, makeSchedule } from '../../src/core/schedules.js';

describe('schedules', () => {
  it('linear, constant and the tutorial\'s exponential decay', () => {
    const lin = makeSchedule({ kind: 'linear', start: 1, end: 0.1, steps: 100 });
    expect([lin(0), lin(50), lin(100), lin(1000)]).toEqual([1, 0.55, 0.1, 0.1]);
    const exp = makeSchedule({ kind: 'exponential', start: 1, end: 0.01, decay: 0.0001 });
    expect(exp(0)).toBe(1);
    expect(exp(10_000)).toBeCloseTo(0.01 + 0.99 * Math.exp(-1), 12);
    expect(constantSchedule(0.3)(5)).toBe(0.3);
    expect(makeSchedule(0.3)(5)).toBe(0.3); // a number is a constant
    const cos = makeSchedule({ kind: 'cosine', start: 1, end: 0.1, steps: 10 });
    expect([cos(0), cos(5), cos(10), cos(20)].map((v) => +v.toFixed(12))).toEqual([1, 0.55, 0.1, 0.1]);
    // Without steps, linear and cosine schedules span the run they are built for.
    const run = makeSchedule({ kind: 'linear', start: 3e-4, end: 0 }, 1000);
    expect([run(0), run(500), run(1000)]).toEqual([3e-4, 1.5e-4, 0]);
  });

  it('rejects malformed schedules', () => {
    expect(() => makeSchedule({ kind: 'step' } as never)).toThrow(new InvalidArgumentError('schedule.kind must be one of constant, linear, cosine, exponential, got "step"'));
    expect(() => makeSchedule({ kind: 'linear', start: 1, end: 0, steps: 0 })).toThrow('schedule.steps must be an integer >= 1, got 0');
    expect(() => makeSchedule({ kind: 'exponential', start: 1, end: 0, decay: -1 })).toThrow('schedule.decay must be a number >= 0, got -1');
    expect(() => makeSchedule('5' as never)).toThrow('schedule must be an object with kind one of constant, linear, cosine, exponential, got "5"');
    expect(() => makeSchedule({ kind: 'linear', start: 1, end: 0 })).toThrow('schedule is a linear schedule without steps, which spans the run, but no run length was given: set its steps');
    expect(() => makeSchedule({ kind: 'constant', value: 1, x: 2 } as never)).toThrow('schedule has an unknown key "x"');
  });
});

describe('exploration', () => {
  it('greedy takes the argmax (first on ties)', () => {
    expect(argmax([1, 3, 3])).toBe(1);
    expect(new GreedyPolicy().select(() => [0, -1, 2])).toBe(2);
  });

  it('epsilon-greedy explores at rate epsilon and skips the values when it does', () => {
    const policy = new EpsilonGreedyPolicy(constantSchedule(0.25), 4, new Rng(0));
    let valueCalls = 0;
    let greedy = 0;
    for (let i = 0; i < 8000; i++) {
      const a = policy.select(() => {
        valueCalls += 1;
        return [0, 0, 1, 0];
      }, i);
      if (a === 2) greedy += 1;
    }
    expect(valueCalls / 8000).toBeCloseTo(0.75, 1);
    expect(greedy / 8000).toBeCloseTo(0.75 + 0.25 / 4, 1);
  });

  it('Boltzmann samples in proportion to exp(Q / tau), seeded', () => {
    const run = (seed: number) => {
      const p = new BoltzmannPolicy(constantSchedule(1), new Rng(seed));
      return Array.from({ length: 4000 }, () => p.select(() => [0, Math.log(3)], 0));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1).filter((a) => a === 1).length / 4000).toBeCloseTo(0.75, 1);
    expect(() => new BoltzmannPolicy(constantSchedule(0), new Rng(0)).select(() => [1], 3)).toThrow('BoltzmannPolicy temperature must be > 0, got 0 at step 3');
  });
});

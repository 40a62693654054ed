import { describe, expect, it } from 'vitest';
import { InvalidActionError, InvalidArgumentError, ResetNeededError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import type { Env } from '../../src/core/env.js';
import {
  AcrobotEnv, CartPoleEnv, ContinuousMountainCarEnv, MountainCarEnv, PendulumEnv, make, listEnvs,
} from '../../src/envs/index.js';

const CLASSIC = ['CartPole-v0', 'CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Pendulum-v1', 'Acrobot-v1'];

function rollout(env: Env<unknown, unknown>, seed: number, steps = 50): number[] {
  const rng = new Rng(seed);
  const out: number[] = [...(env.reset({ seed }).observation as Float32Array)];
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.actionSpace.sample(rng));
    out.push(...(r.observation as Float32Array), r.reward, Number(r.terminated), Number(r.truncated));
    if (r.terminated || r.truncated) out.push(...(env.reset().observation as Float32Array));
  }
  return out;
}

describe.each(CLASSIC)('%s', (id) => {
  it('is registered with Gymnasium spaces and is deterministic under a seed', () => {
    expect(listEnvs()).toContain(id);
    expect(rollout(make(id), 3)).toEqual(rollout(make(id), 3));
    expect(rollout(make(id), 3)).not.toEqual(rollout(make(id), 4));
  });

  it('continues its own stream on unseeded resets after a seed', () => {
    const a = make(id);
    const b = make(id);
    a.reset({ seed: 9 });
    b.reset({ seed: 9 });
    expect(a.reset().observation).toEqual(b.reset().observation);
  });

  it('exposes a read-only copy of its state and restores it exactly', () => {
    const env = make(id);
    env.reset({ seed: 1 });
    const stateOf = (): Float64Array => (env.unwrapped as unknown as { state: Float64Array }).state;
    const saved = Array.from(stateOf());
    stateOf()[0] = 123;
    expect(Array.from(stateOf())).toEqual(saved);
    const action = env.actionSpace.sample(new Rng(0));
    const first = env.step(action);
    env.reset({ seed: 2 });
    env.reset({ options: { state: saved } });
    expect(Array.from(stateOf())).toEqual(saved);
    const again = env.step(action);
    expect([again.observation, again.reward]).toEqual([first.observation, first.reward]);
  });

  it('rejects bad reset options with the option named', () => {
    const env = make(id);
    expect(() => env.reset({ options: { state: [1] } })).toThrow(InvalidArgumentError);
    expect(() => env.reset({ options: { state: [1] } })).toThrow(/reset option "state" must be an array of \d finite numbers, got \[1\]/);
    expect(() => env.reset({ seed: -3 })).toThrow(`${id} reset seed must be a non-negative safe integer, got -3`);
  });
});

describe('reset distributions and options (Gymnasium defaults)', () => {
  it('CartPole starts uniform in [-0.05, 0.05] and honours low/high', () => {
    const env = new CartPoleEnv();
    const xs: number[] = [];
    for (let s = 0; s < 300; s++) xs.push(...(env.reset({ seed: s }).observation));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-0.05);
    expect(Math.max(...xs)).toBeLessThanOrEqual(0.05);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(0.09);
    const wide = env.reset({ seed: 0, options: { low: 0.2, high: 0.3 } }).observation;
    for (const v of wide) expect(v >= Math.fround(0.2) && v <= Math.fround(0.3)).toBe(true);
  });

  it('MountainCar starts in [-0.6, -0.4] at rest; Pendulum honours x_init/y_init; Acrobot rounds to float32', () => {
    const mc = new MountainCarEnv();
    for (let s = 0; s < 100; s++) {
      const [p, v] = mc.reset({ seed: s }).observation;
      expect(p! >= -0.6 && p! <= -0.4 && v === 0).toBe(true);
    }
    const pend = new PendulumEnv();
    for (let s = 0; s < 100; s++) {
      pend.reset({ seed: s, options: { x_init: 0.1, y_init: 0.2 } });
      const [th, thdot] = pend.state!;
      expect(Math.abs(th!) <= 0.1 && Math.abs(thdot!) <= 0.2).toBe(true);
    }
    const acro = new AcrobotEnv();
    acro.reset({ seed: 5 });
    for (const v of acro.state!) expect(Math.fround(v)).toBe(v);
  });
});

describe('bad input', () => {
  it('rejects actions outside a Discrete space, of the wrong type, or NaN', () => {
    const env = make('CartPole-v1');
    env.reset({ seed: 0 });
    expect(() => env.step(2)).toThrow(new InvalidActionError('CartPole-v1 action must be an element of Discrete(2), got 2'));
    expect(() => env.step('1' as unknown as number)).toThrow('CartPole-v1 action must be an element of Discrete(2), got "1"');
    expect(() => env.step(Number.NaN)).toThrow('CartPole-v1 action must be an element of Discrete(2), got NaN');
    expect(() => env.step(0.5)).toThrow('CartPole-v1 action must be an element of Discrete(2), got 0.5');
  });

  it('rejects continuous actions of the wrong shape or NaN, and clips out-of-range values as Gymnasium does', () => {
    const env = make<Float32Array, ArrayLike<number>>('Pendulum-v1');
    env.reset({ seed: 0 });
    expect(() => env.step([Number.NaN])).toThrow(new InvalidActionError('Pendulum-v1 action must be an array of 1 numbers (not NaN) for Box(-2, 2, [1], float32), got [NaN]'));
    expect(() => env.step([1, 2])).toThrow('Pendulum-v1 action must be an array of 1 numbers (not NaN) for Box(-2, 2, [1], float32), got [1, 2]');
    expect(() => env.step(0.5 as unknown as number[])).toThrow('got 0.5');
    const a = new PendulumEnv();
    const b = new PendulumEnv();
    a.reset({ seed: 1 });
    b.reset({ seed: 1 });
    expect(a.step([5]).observation).toEqual(b.step([2]).observation);
    const c = new ContinuousMountainCarEnv();
    expect(() => c.step([0])).toThrow(new ResetNeededError('ContinuousMountainCarEnv step() was called before reset()'));
  });

  it('rejects step before reset', () => {
    expect(() => make('MountainCar-v0').step(1)).toThrow(new ResetNeededError('MountainCar-v0 cannot call step() before reset(); call reset() first'));
    expect(() => new CartPoleEnv().step(1)).toThrow('CartPoleEnv step() was called before reset()');
  });

  it('rejects bad reset bounds', () => {
    const env = make('CartPole-v1');
    expect(() => env.reset({ options: { low: 0.1, high: -0.1 } })).toThrow(new InvalidArgumentError('CartPole-v1 reset options must have low <= high, got low=0.1, high=-0.1'));
    expect(() => env.reset({ options: { low: 'a' } })).toThrow('CartPole-v1 reset option "low" must be a finite number, got "a"');
    expect(() => make('Pendulum-v1').reset({ options: { x_init: Number.NaN } })).toThrow('Pendulum-v1 reset option "x_init" must be a finite number, got NaN');
  });

  it('rejects unknown or mistyped env options', () => {
    expect(() => make('CartPole-v1', { kwargs: { suttonBarto: true } })).toThrow(new InvalidArgumentError('CartPoleEnv got an unknown option "suttonBarto"; allowed: suttonBartoReward'));
    expect(() => make('Pendulum-v1', { kwargs: { g: '9.8' } })).toThrow('PendulumEnv option "g" must be a finite number, got "9.8"');
    expect(() => make('Acrobot-v1', { kwargs: { dt: 0.1 } })).toThrow('AcrobotEnv got an unknown option "dt"; allowed: none');
  });
});

describe('dynamics edge cases', () => {
  it('CartPole gives reward 0 after termination and warns once', () => {
    const env = new CartPoleEnv();
    env.reset({ options: { state: [2.39, 1, 0, 0] } });
    expect(env.step(1)).toMatchObject({ terminated: true, reward: 1 });
    expect(env.step(1).reward).toBe(0);
  });

  it('MountainCar stops at the left wall and terminates at the goal', () => {
    const env = new MountainCarEnv();
    env.reset({ options: { state: [-1.2, -0.01] } });
    expect(Array.from(env.step(0).observation)).toEqual([Math.fround(-1.2), 0]);
    env.reset({ options: { state: [0.49, 0.02] } });
    expect(env.step(2).terminated).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import type { Env } from '../../src/core/env.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { Dict } from '../../src/core/spaces/composite.js';
import {
  Autoreset, CartPoleEnv, ClipAction, ClipReward, ContinuousMountainCarEnv, FlattenObservation, FrameStackObservation,
  MountainCarEnv, NormalizeObservation, NormalizeReward, PendulumEnv, RecordEpisodeStatistics, RescaleAction, ShapedReward,
  TimeLimit, TransformObservation, TransformReward, mountainCarTutorialShaping, thresholdBonus, make, Wrapper,
  PotentialShaping, mountainCarEnergy,
} from '../../src/envs/index.js';

describe('episode wrappers', () => {
  it('TimeLimit truncates and counts from each reset', () => {
    const env = new TimeLimit(new CartPoleEnv(), 2);
    env.reset({ options: { state: [0, 0, 0, 0] } });
    expect([env.step(0).truncated, env.step(1).truncated]).toEqual([false, true]);
    env.reset({ options: { state: [0, 0, 0, 0] } });
    expect(env.step(0).truncated).toBe(false);
    expect(() => new TimeLimit(new CartPoleEnv(), 0)).toThrow(new InvalidArgumentError('TimeLimit maxEpisodeSteps must be a positive integer, got 0'));
  });

  it('Autoreset resets on the step after an episode ends (next-step)', () => {
    const env = new Autoreset(new TimeLimit(new CartPoleEnv(), 2));
    env.reset({ seed: 0 });
    env.step(0);
    expect(env.step(0).truncated).toBe(true);
    const r = env.step(1);
    expect([r.reward, r.terminated, r.truncated]).toEqual([0, false, false]);
    expect(env.step(1).truncated).toBe(false);
  });

  it('RecordEpisodeStatistics reports return, length and the unshaped return', () => {
    const env = new RecordEpisodeStatistics(mountainCarTutorialShaping(new TimeLimit(new MountainCarEnv(), 3)));
    env.reset({ options: { state: [0.2, 0.0] } });
    env.step(1);
    env.step(1);
    const last = env.step(1);
    const ep = last.info.episode as { r: number; l: number; rawR: number; t: number };
    expect([ep.r, ep.l, ep.rawR]).toEqual([3 * (-1 + 10), 3, -3]);
    expect(ep.t).toBeGreaterThanOrEqual(0);
    expect([env.returnQueue, env.lengthQueue, env.episodeCount]).toEqual([[27], [3], 1]);
  });
});

describe('action wrappers', () => {
  it('ClipAction clips to the inner bounds and unbounds the outer space', () => {
    const a = new ClipAction(new PendulumEnv());
    const b = new PendulumEnv();
    a.reset({ seed: 3 });
    b.reset({ seed: 3 });
    expect(a.actionSpace.contains([100])).toBe(true);
    expect(a.step([100]).observation).toEqual(b.step([2]).observation);
    expect(() => new ClipAction(new CartPoleEnv() as unknown as Env<unknown, ArrayLike<number>>)).toThrow('ClipAction requires a Box action space, got Discrete(2)');
  });

  it('RescaleAction maps [min, max] affinely onto the inner bounds', () => {
    const a = new RescaleAction(new PendulumEnv(), 0, 1);
    const b = new PendulumEnv();
    a.reset({ seed: 3 });
    b.reset({ seed: 3 });
    expect(String(a.actionSpace)).toBe('Box(0, 1, [1], float32)');
    expect(a.step([0.75]).observation).toEqual(b.step([1]).observation);
    expect(() => new RescaleAction(new PendulumEnv(), 1, 1)).toThrow(
      new InvalidArgumentError('RescaleAction minAction must be strictly smaller than maxAction in every dimension, got minAction[0]=1, maxAction[0]=1'),
    );
  });
});

describe('reward wrappers', () => {
  const fixed = (): Env<Float32Array, number> => new TimeLimit(new MountainCarEnv(), 50);

  it('ClipReward and TransformReward', () => {
    const env = new ClipReward(new TransformReward(fixed(), (r) => r * 3), -2, 2);
    env.reset({ seed: 0 });
    expect(env.step(1).reward).toBe(-2);
    expect(() => new ClipReward(fixed(), 1, 0)).toThrow('ClipReward requires min <= max, got min=1, max=0');
  });

  it('NormalizeReward scales by the running std of the discounted return', () => {
    const env = new NormalizeReward(fixed(), { gamma: 0.5 });
    env.reset({ seed: 0 });
    const rewards = Array.from({ length: 20 }, () => env.step(1).reward);
    // The discounted return converges to -2, so its variance shrinks and |reward| grows.
    expect(Math.abs(rewards[19]!)).toBeGreaterThan(Math.abs(rewards[1]!));
    expect(() => new NormalizeReward(fixed(), { gamma: 2 })).toThrow('NormalizeReward gamma must be in [0, 1], got 2');
  });

  it('the tutorial shaping pays the bonus of the highest position passed and keeps the raw reward', () => {
    const env = mountainCarTutorialShaping(new MountainCarEnv());
    for (const [pos, bonus] of [[0.0, 0], [0.15, 10], [0.3, 20], [0.49, 20]] as const) {
      env.reset({ options: { state: [pos, 0.0] } });
      const r = env.step(1);
      expect([r.reward, r.info.rawReward]).toEqual([-1 + bonus, -1]);
    }
    env.reset({ options: { state: [0.499, 0.07] } });
    expect(env.step(2).reward).toBe(99);
    const cumulative = new ShapedReward(new MountainCarEnv(), thresholdBonus({ index: 0, tiers: [[0.1, 10], [0.25, 20]], mode: 'cumulative' }));
    cumulative.reset({ options: { state: [0.3, 0] } });
    expect(cumulative.step(1).reward).toBe(29);
    expect(() => thresholdBonus({ index: 0, tiers: [] })).toThrow('thresholdBonus tiers must be a non-empty list of finite [threshold, bonus] pairs, got []');
  });
});

describe('potential-based shaping', () => {
  it('adds gamma * phi(s\') - phi(s), so with gamma = 1 the shaping telescopes over an episode', () => {
    const env = new PotentialShaping(new TimeLimit(new MountainCarEnv(), 30), mountainCarEnergy, 1);
    const start = env.reset({ options: { state: [-0.5, 0] } }).observation;
    let shaped = 0;
    let raw = 0;
    let last = start;
    for (;;) {
      const r = env.step(2);
      shaped += r.reward;
      raw += r.info.rawReward as number;
      last = r.observation;
      if (r.terminated || r.truncated) break;
    }
    expect(shaped - raw).toBeCloseTo(mountainCarEnergy(last) - mountainCarEnergy(start), 9);
    expect(() => new PotentialShaping(new MountainCarEnv(), mountainCarEnergy, 2)).toThrow('PotentialShaping gamma must be in [0, 1], got 2');
  });
});

describe('observation wrappers', () => {
  it('TransformObservation and FlattenObservation', () => {
    const t = new TransformObservation(new CartPoleEnv(), (o: Float32Array) => o.map((v) => v * 2), new Box(-Infinity, Infinity, { shape: [4] }));
    const plain = new CartPoleEnv();
    expect(t.reset({ seed: 1 }).observation).toEqual(plain.reset({ seed: 1 }).observation.map((v) => v * 2));

    class DictEnv extends Wrapper<Record<string, unknown>, number, Float32Array, number> {
      constructor() {
        super(new CartPoleEnv());
        this.observationSpaceOverride = new Dict({ obs: this.env.observationSpace, flag: new Discrete(2) });
      }
      protected override observation(o: Float32Array): Record<string, unknown> {
        return { obs: o, flag: 1 };
      }
    }
    const flat = new FlattenObservation(new DictEnv());
    expect(flat.observationSpace.shape).toEqual([6]);
    const obs = flat.reset({ seed: 1 }).observation;
    expect(Array.from(obs.slice(0, 2))).toEqual([0, 1]);
    expect(obs.slice(2)).toEqual(new CartPoleEnv().reset({ seed: 1 }).observation);
  });

  it('NormalizeObservation centres with running statistics', () => {
    const env = new NormalizeObservation(make<Float32Array, number>('CartPole-v1'));
    env.reset({ seed: 0 });
    let sum = 0;
    for (let t = 0; t < 300; t++) {
      const r = env.step(t % 2);
      sum += r.observation[0]!;
      if (r.terminated || r.truncated) env.reset();
    }
    expect(Math.abs(sum / 300)).toBeLessThan(1);
    expect(env.obsRms.count).toBeGreaterThan(300);
  });

  it('FrameStackObservation stacks the last frames, padding by reset or zeros', () => {
    const env = new FrameStackObservation(new CartPoleEnv(), 3);
    expect(env.observationSpace.shape).toEqual([3, 4]);
    const first = env.reset({ seed: 2 }).observation;
    expect(first.slice(0, 4)).toEqual(first.slice(8, 12));
    const next = env.step(1).observation;
    expect(next.slice(4, 8)).toEqual(first.slice(8, 12));
    const zero = new FrameStackObservation(new CartPoleEnv(), 2, { paddingType: 'zero' });
    expect(Array.from(zero.reset({ seed: 2 }).observation.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(() => new FrameStackObservation(new CartPoleEnv(), 0)).toThrow('FrameStackObservation stackSize must be a positive integer, got 0');
    expect(() => new FrameStackObservation(new ContinuousMountainCarEnv(), 2, { paddingType: 'edge' as 'zero' })).toThrow('FrameStackObservation paddingType must be "reset" or "zero", got "edge"');
  });
});

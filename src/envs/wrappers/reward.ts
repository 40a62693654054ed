/**
 * Reward wrappers: ClipReward, TransformReward, NormalizeReward (Gymnasium 1.x), and
 * ShapedReward, which adds a shaping term and keeps the env's own reward in `info.rawReward`.
 */
import type { Env, Info, StepResult } from '../../core/env.js';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { Wrapper } from '../wrapper.js';
import { RunningMeanStd } from './running_mean_std.js';

/** Clips rewards to `[min, max]` (either may be omitted). */
export class ClipReward<Obs, Act> extends Wrapper<Obs, Act> {
  readonly min: number;
  readonly max: number;

  constructor(env: Env<Obs, Act>, min = -Infinity, max = Infinity) {
    super(env);
    if (Number.isNaN(min) || Number.isNaN(max) || min > max) {
      throw new InvalidArgumentError(`ClipReward requires min <= max, got min=${describe(min)}, max=${describe(max)}`);
    }
    this.min = min;
    this.max = max;
  }

  protected override reward(reward: number): number {
    return Math.min(Math.max(reward, this.min), this.max);
  }
}

/** Applies `fn` to every reward. */
export class TransformReward<Obs, Act> extends Wrapper<Obs, Act> {
  constructor(env: Env<Obs, Act>, private readonly fn: (reward: number) => number) {
    super(env);
  }

  protected override reward(reward: number): number {
    return this.fn(reward);
  }
}

export interface NormalizeRewardOptions {
  /** Discount of the running return whose variance scales rewards. Default 0.99. */
  gamma?: number;
  /** Added to the variance before the square root. Default 1e-8. */
  epsilon?: number;
}

/**
 * Scales rewards by the running standard deviation of the discounted return (Gymnasium 1.x).
 * The env's own reward stays in `info.rawReward` (unless an inner wrapper already put one there),
 * so the trainers report the unscaled episodic return.
 */
export class NormalizeReward<Obs, Act> extends Wrapper<Obs, Act> {
  readonly returnRms = new RunningMeanStd(1);
  /** Whether the running statistics are updated (turn off for evaluation). */
  updateRunningMean = true;
  private readonly gamma: number;
  private readonly epsilon: number;
  private discountedReward = 0;

  constructor(env: Env<Obs, Act>, options: NormalizeRewardOptions = {}) {
    super(env);
    this.gamma = options.gamma ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-8;
    if (!(this.gamma >= 0 && this.gamma <= 1)) {
      throw new InvalidArgumentError(`NormalizeReward gamma must be in [0, 1], got ${describe(options.gamma)}`);
    }
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.discountedReward = this.discountedReward * this.gamma * (1 - Number(r.terminated)) + r.reward;
    if (this.updateRunningMean) this.returnRms.update([this.discountedReward]);
    if (typeof r.info.rawReward !== 'number') r.info = { ...r.info, rawReward: r.reward };
    r.reward = r.reward / Math.sqrt((this.returnRms.var[0] as number) + this.epsilon);
    return r;
  }
}

/** What a shaping function sees: the step's result before shaping. */
export interface ShapingContext<Obs> {
  observation: Obs;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

/**
 * Replaces the reward by `shape(step)` and keeps the env's own reward in `info.rawReward`, so
 * that evaluation and statistics can report the unshaped return.
 */
export class ShapedReward<Obs, Act> extends Wrapper<Obs, Act> {
  constructor(env: Env<Obs, Act>, private readonly shape: (step: ShapingContext<Obs>) => number) {
    super(env);
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    const raw = r.reward;
    r.reward = this.shape(r);
    r.info = { ...r.info, rawReward: raw };
    return r;
  }
}

export interface ThresholdBonusOptions {
  /** Which observation component is compared with the thresholds. */
  index: number;
  /** `[threshold, bonus]` pairs: the bonus applies when the component is above the threshold. */
  tiers: ReadonlyArray<readonly [number, number]>;
  /** `highest` (default): only the bonus of the highest tier passed; `cumulative`: their sum. */
  mode?: 'highest' | 'cumulative';
}

/** A shaping function that adds a bonus when one observation component passes thresholds. */
export function thresholdBonus(options: ThresholdBonusOptions): (step: ShapingContext<ArrayLike<number>>) => number {
  const tiers = [...options.tiers].sort((a, b) => a[0] - b[0]);
  if (tiers.length === 0 || !tiers.every(([t, b]) => Number.isFinite(t) && Number.isFinite(b))) {
    throw new InvalidArgumentError(`thresholdBonus tiers must be a non-empty list of finite [threshold, bonus] pairs, got ${describe(options.tiers)}`);
  }
  const mode = options.mode ?? 'highest';
  return ({ observation, reward }) => {
    const x = observation[options.index] as number;
    let bonus = 0;
    for (const [threshold, b] of tiers) {
      if (x > threshold) bonus = mode === 'cumulative' ? bonus + b : b;
    }
    return reward + bonus;
  };
}

/**
 * The tutorial's MountainCar shaping: position > 0.1: +10, > 0.25: +20, > 0.5: +100 (the bonus
 * of the highest threshold passed; the tutorial's code meant these as tiers).
 */
export const MOUNTAIN_CAR_TUTORIAL_TIERS: ReadonlyArray<readonly [number, number]> = [[0.1, 10], [0.25, 20], [0.5, 100]];

/** Wraps a MountainCar env with the tutorial's shaped reward; `info.rawReward` keeps the -1s. */
export function mountainCarTutorialShaping<Act>(env: Env<Float32Array, Act>): ShapedReward<Float32Array, Act> {
  return new ShapedReward(env, thresholdBonus({ index: 0, tiers: MOUNTAIN_CAR_TUTORIAL_TIERS }));
}

/**
 * Potential-based shaping (Ng, Harada and Russell, 1999): adds `gamma * phi(s') - phi(s)` to every
 * reward (with phi = 0 at termination), which leaves the optimal policy unchanged. The env's own
 * reward stays in `info.rawReward`.
 */
export class PotentialShaping<Act> extends Wrapper<Float32Array, Act> {
  private last = 0;

  constructor(env: Env<Float32Array, Act>, private readonly potential: (observation: Float32Array) => number, private readonly gamma: number) {
    super(env);
    if (!(gamma >= 0 && gamma <= 1)) throw new InvalidArgumentError(`PotentialShaping gamma must be in [0, 1], got ${describe(gamma)}`);
  }

  override reset(args?: Parameters<Env<Float32Array, Act>['reset']>[0]): ReturnType<Env<Float32Array, Act>['reset']> {
    const r = this.env.reset(args);
    this.last = this.potential(r.observation);
    return r;
  }

  override step(action: Act): StepResult<Float32Array> {
    const r = this.env.step(action);
    const next = r.terminated ? 0 : this.potential(r.observation);
    const raw = r.reward;
    r.reward = raw + this.gamma * next - this.last;
    r.info = { ...r.info, rawReward: raw };
    this.last = next;
    return r;
  }
}

/**
 * MountainCar's mechanical energy as a potential, scaled so that the energy the car needs to
 * reach the flag is worth about 10: `10^4 (v^2 / 2 + 0.0025 / 3 * sin(3x))` (the dynamics'
 * force is the slope of that potential).
 */
export function mountainCarEnergy(observation: Float32Array): number {
  const x = observation[0] as number;
  const v = observation[1] as number;
  return 1e4 * (0.5 * v * v + (0.0025 / 3) * Math.sin(3 * x));
}

/**
 * MountainCarContinuous: MountainCar with a continuous force, after Arnaud de Broissia's
 * version, as Gymnasium's `Continuous_MountainCarEnv`.
 *
 * Gymnasium keeps this env's state in float32 after the first step and mixes float32 and
 * float64 arithmetic by NumPy's promotion rules (NEP 50). This file emulates those rules
 * exactly (`Math.fround` wherever NumPy rounds to float32), so trajectories match bit for bit.
 *
 * ## Observation (`Box`, shape [2], float32)
 * | i | observation   | min   | max  |
 * |---|---------------|-------|------|
 * | 0 | position (m)  | -1.2  | 0.6  |
 * | 1 | velocity      | -0.07 | 0.07 |
 *
 * ## Actions (`Box([-1], [1])`, float32)
 * The force applied to the car, clipped to [-1, 1] and multiplied by a power of 0.0015.
 *
 * ## Reward
 * -0.1 * action^2 per step (the unclipped action), plus 100 on reaching the goal.
 *
 * ## Starting state
 * Position uniform in [-0.6, -0.4] (`options: { low, high }`), velocity 0;
 * `options: { state: [position, velocity] }` starts from an exact state.
 *
 * ## Episode end
 * Terminated when position >= 0.45 and velocity >= `goalVelocity`; truncated at 999 steps.
 */
import { BaseEnv, type ResetArgs, type ResetResult, type StepResult } from '../../core/env.js';
import { ResetNeededError } from '../../core/errors.js';
import { Box } from '../../core/spaces/box.js';
import { assertFiniteVector, checkEnvOptions, pair, resetState } from '../utils.js';
import { cos } from './libm.js';

export interface MountainCarContinuousOptions {
  /** Minimum velocity at the goal for the episode to terminate. Default 0. */
  goalVelocity?: number;
}

const MIN_ACTION = -1.0;
const MAX_ACTION = 1.0;
const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.45; // 0.5 in MountainCar-v0, 0.45 in de Broissia's version
const POWER = 0.0015;

/** The NumPy type a value has at a point of Gymnasium's step: Python float, float32, float64. */
type NpType = 'py' | 'f32' | 'f64';
const f = Math.fround;
/** A Python float constant as NumPy sees it next to a value of type `t` (NEP 50: weak scalar). */
const k = (t: NpType, c: number): number => (t === 'f32' ? f(c) : c);

export class ContinuousMountainCarEnv extends BaseEnv<Float32Array, ArrayLike<number>> {
  override readonly metadata = { renderModes: ['human', 'rgb_array'], renderFps: 30, scene: 'MountainCarContinuous' };
  readonly observationSpace = new Box([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  readonly actionSpace = new Box(MIN_ACTION, MAX_ACTION, { shape: [1] });
  readonly goalVelocity: number;
  /** `[position, velocity]`. */
  private readonly s = new Float64Array(2);
  /** float64 right after reset, float32 after the first step, as in Gymnasium. */
  private stateType: 'f32' | 'f64' = 'f64';
  private hasState = false;

  constructor(options: MountainCarContinuousOptions = {}) {
    super();
    checkEnvOptions('ContinuousMountainCarEnv', options, { goalVelocity: 'number' });
    this.goalVelocity = options.goalVelocity ?? 0;
  }

  /** A copy of the internal state `[position, velocity]`, or null before reset. */
  get state(): Float64Array | null {
    return this.hasState ? this.s.slice() : null;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    this.seedRng(args.seed);
    resetState(this, args.options, this.s, [-0.6, -0.4], (low, high, i) => (i === 0 ? this.rng.uniform(low, high) : 0));
    this.stateType = 'f64';
    this.hasState = true;
    return { observation: pair(this.s[0] as number, this.s[1] as number), info: {} };
  }

  step(action: ArrayLike<number>): StepResult<Float32Array> {
    assertFiniteVector(this, this.actionSpace, action, 1);
    if (!this.hasState) throw new ResetNeededError(`${this.name} step() was called before reset()`);
    const a = f(action[0] as number);
    const st = this.stateType;
    let position = this.s[0] as number;
    let velocity = this.s[1] as number;

    // force = min(max(action[0], min_action), max_action): a float32, or a Python float when clipped.
    let force = a;
    let forceType: NpType = 'f32';
    if (MIN_ACTION > a) { force = MIN_ACTION; forceType = 'py'; }
    if (MAX_ACTION < force) { force = MAX_ACTION; forceType = 'py'; }
    // velocity += force * power - 0.0025 * cos(3 * position)
    const push = forceType === 'f32' ? f(force * f(POWER)) : force * POWER;
    const slope = 0.0025 * cos(st === 'f32' ? f(3 * position) : 3 * position);
    const dv = forceType === 'f32' ? f(push - f(slope)) : push - slope;
    velocity = st === 'f32' ? f(velocity + f(dv)) : velocity + dv;
    let velType: NpType = st;
    if (velocity > k(velType, MAX_SPEED)) { velocity = MAX_SPEED; velType = 'py'; }
    if (velocity < k(velType, -MAX_SPEED)) { velocity = -MAX_SPEED; velType = 'py'; }
    // position += velocity
    position = st === 'f32' ? f(position + f(velocity)) : position + velocity;
    let posType: NpType = st;
    if (position > k(posType, MAX_POSITION)) { position = MAX_POSITION; posType = 'py'; }
    if (position < k(posType, MIN_POSITION)) { position = MIN_POSITION; posType = 'py'; }
    if (position === k(posType, MIN_POSITION) && velocity < 0) { velocity = 0; velType = 'py'; }
    const terminated = position >= k(posType, GOAL_POSITION) && velocity >= k(velType, this.goalVelocity);
    const reward = (terminated ? 100.0 : 0) - a * a * 0.1;

    this.s[0] = f(position);
    this.s[1] = f(velocity);
    this.stateType = 'f32';
    return { observation: pair(this.s[0] as number, this.s[1] as number), reward, terminated, truncated: false, info: {} };
  }
}

/**
 * MountainCar: Moore (1990), "Efficient memory-based learning for robot control", with the
 * dynamics and order of floating-point operations of Gymnasium's `MountainCarEnv`.
 *
 * ## Observation (`Box`, shape [2], float32)
 * | i | observation            | min   | max  |
 * |---|------------------------|-------|------|
 * | 0 | car position (m)       | -1.2  | 0.6  |
 * | 1 | car velocity (m/step)  | -0.07 | 0.07 |
 *
 * ## Actions (`Discrete(3)`)
 * 0: accelerate left, 1: don't accelerate, 2: accelerate right.
 *
 * ## Transition dynamics
 * `velocity += (action - 1) * force - cos(3 * position) * gravity`, then
 * `position += velocity`, with force = 0.001 and gravity = 0.0025; velocity clipped to
 * [-0.07, 0.07], position to [-1.2, 0.6]; hitting the left wall stops the car.
 *
 * ## Reward
 * -1 per step.
 *
 * ## Starting state
 * Position uniform in [-0.6, -0.4] (`options: { low, high }`), velocity 0;
 * `options: { state: [position, velocity] }` starts from an exact state.
 *
 * ## Episode end
 * Terminated when position >= 0.5 and velocity >= `goalVelocity`; truncated at 200 steps by the
 * registry's time limit.
 *
 * ## Arguments
 * `goalVelocity` (number, default 0).
 */
import { BaseEnv, type ResetArgs, type ResetResult, type StepResult } from '../../core/env.js';
import { ResetNeededError } from '../../core/errors.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { assertAction, checkEnvOptions, pair, resetState } from '../utils.js';
import { cos } from './libm.js';

export interface MountainCarOptions {
  /** Minimum velocity at the goal for the episode to terminate. Default 0. */
  goalVelocity?: number;
}

export const MIN_POSITION = -1.2; // m
export const MAX_POSITION = 0.6; // m
const MAX_SPEED = 0.07; // m per step
export const GOAL_POSITION = 0.5; // m
const FORCE = 0.001;
const GRAVITY = 0.0025;

export class MountainCarEnv extends BaseEnv<Float32Array, number> {
  override readonly metadata = { renderModes: ['human', 'rgb_array'], renderFps: 30, scene: 'MountainCar' };
  readonly observationSpace = new Box([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  readonly actionSpace = new Discrete(3);
  readonly goalVelocity: number;
  /** `[position, velocity]`. */
  private readonly s = new Float64Array(2);
  private hasState = false;

  constructor(options: MountainCarOptions = {}) {
    super();
    checkEnvOptions('MountainCarEnv', options, { goalVelocity: 'number' });
    this.goalVelocity = options.goalVelocity ?? 0;
  }

  /** A copy of the internal state `[position, velocity]`, or null before reset. */
  get state(): Float64Array | null {
    return this.hasState ? this.s.slice() : null;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    this.seedRng(args.seed);
    resetState(this, args.options, this.s, [-0.6, -0.4], (low, high, i) => (i === 0 ? this.rng.uniform(low, high) : 0));
    this.hasState = true;
    return { observation: pair(this.s[0] as number, this.s[1] as number), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    assertAction(this, this.actionSpace, action);
    if (!this.hasState) throw new ResetNeededError(`${this.name} step() was called before reset()`);
    let position = this.s[0] as number;
    let velocity = this.s[1] as number;
    velocity += (action - 1) * FORCE + cos(3 * position) * -GRAVITY;
    velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
    position += velocity;
    position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    const terminated = position >= GOAL_POSITION && velocity >= this.goalVelocity;
    this.s[0] = position;
    this.s[1] = velocity;
    return { observation: pair(position, velocity), reward: -1.0, terminated, truncated: false, info: {} };
  }
}

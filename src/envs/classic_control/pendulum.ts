/**
 * Pendulum: the inverted pendulum swing-up problem, as Gymnasium's `PendulumEnv`.
 *
 * ## Observation (`Box`, shape [3], float32)
 * | i | observation       | min  | max |
 * |---|-------------------|------|-----|
 * | 0 | x = cos(theta)    | -1   | 1   |
 * | 1 | y = sin(theta)    | -1   | 1   |
 * | 2 | angular velocity  | -8   | 8   |
 *
 * ## Actions (`Box([-2], [2])`, float32)
 * The torque applied to the free end, clipped to [-2, 2].
 *
 * ## Reward
 * `-(normalize(theta)^2 + 0.1 * thetaDot^2 + 0.001 * torque^2)`, in [-16.27, 0].
 *
 * ## Starting state
 * theta uniform in [-pi, pi], thetaDot uniform in [-1, 1]; `options: { x_init, y_init }` set those
 * bounds (symmetric), `options: { state: [theta, thetaDot] }` starts from an exact state.
 *
 * ## Episode end
 * Never terminates; truncated at 200 steps by the registry's time limit.
 *
 * ## Arguments
 * `g` (gravity, m/s^2, default 10.0).
 */
import { BaseEnv, type ResetArgs, type ResetResult, type StepResult } from '../../core/env.js';
import { ResetNeededError } from '../../core/errors.js';
import { Box } from '../../core/spaces/box.js';
import { assertFiniteVector, checkEnvOptions, numberOption, pyMod, stateOption } from '../utils.js';
import { cos, sin } from './libm.js';

export interface PendulumOptions {
  /** Acceleration of gravity in m/s^2. Default 10.0. */
  g?: number;
}

const MAX_SPEED = 8; // rad/s
const MAX_TORQUE = 2.0; // N m
const DT = 0.05; // s
const M = 1.0; // kg
const L = 1.0; // m
const f = Math.fround;

/** Wraps an angle to [-pi, pi), with Python's modulo as Gymnasium does. */
export function angleNormalize(x: number): number {
  return pyMod(x + Math.PI, 2 * Math.PI) - Math.PI;
}

export class PendulumEnv extends BaseEnv<Float32Array, ArrayLike<number>> {
  override readonly metadata = { renderModes: ['human', 'rgb_array'], renderFps: 30, scene: 'Pendulum' };
  readonly observationSpace = new Box([-1.0, -1.0, -MAX_SPEED], [1.0, 1.0, MAX_SPEED]);
  readonly actionSpace = new Box(-MAX_TORQUE, MAX_TORQUE, { shape: [1] });
  readonly g: number;
  /** The last clipped torque, for drawing; null right after reset. */
  lastU: number | null = null;
  private theta = 0;
  private thetaDot = 0;
  private hasState = false;

  constructor(options: PendulumOptions = {}) {
    super();
    checkEnvOptions('PendulumEnv', options, { g: 'number' });
    this.g = options.g ?? 10.0;
  }

  /** A copy of the internal state `[theta, thetaDot]`, or null before reset. */
  get state(): Float64Array | null {
    return this.hasState ? Float64Array.of(this.theta, this.thetaDot) : null;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    this.seedRng(args.seed);
    const exact = stateOption(this.name, args.options, 2);
    if (exact) {
      this.theta = exact[0] as number;
      this.thetaDot = exact[1] as number;
    } else {
      const x = numberOption(this.name, args.options, 'x_init', Math.PI);
      const y = numberOption(this.name, args.options, 'y_init', 1.0);
      this.theta = this.rng.uniform(-x, x);
      this.thetaDot = this.rng.uniform(-y, y);
    }
    this.lastU = null;
    this.hasState = true;
    return { observation: this.obs(), info: {} };
  }

  step(action: ArrayLike<number>): StepResult<Float32Array> {
    assertFiniteVector(this, this.actionSpace, action, 1);
    if (!this.hasState) throw new ResetNeededError(`${this.name} step() was called before reset()`);
    const th = this.theta;
    const thdot = this.thetaDot;
    // u is a NumPy float32: the clip keeps the action's dtype, and float32 * Python float stays float32.
    const u = Math.min(Math.max(f(action[0] as number), -MAX_TORQUE), MAX_TORQUE);
    this.lastU = u;
    const an = angleNormalize(th);
    const costs = an * an + 0.1 * (thdot * thdot) + f(f(0.001) * f(u * u));
    let newthdot = thdot + (((3 * this.g) / (2 * L)) * sin(th) + f((3.0 / (M * L * L)) * u)) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    const newth = th + newthdot * DT;
    this.theta = newth;
    this.thetaDot = newthdot;
    return { observation: this.obs(), reward: -costs, terminated: false, truncated: false, info: {} };
  }

  protected override renderAction(): number | null {
    return this.lastU;
  }

  private obs(): Float32Array {
    const o = new Float32Array(3); // faster than Float32Array.of in V8
    o[0] = cos(this.theta);
    o[1] = sin(this.theta);
    o[2] = this.thetaDot;
    return o;
  }
}

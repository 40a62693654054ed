/**
 * Acrobot: a two-link pendulum actuated at the joint between the links, from Sutton (1996),
 * "Generalization in reinforcement learning: successful examples using sparse coarse coding",
 * with the "book" dynamics of Sutton and Barto, integrated by one RK4 step of 0.2 s, as
 * Gymnasium's `AcrobotEnv` (itself from RLPy).
 *
 * ## Observation (`Box`, shape [6], float32)
 * `[cos(theta1), sin(theta1), cos(theta2), sin(theta2), thetaDot1, thetaDot2]`, angular
 * velocities bounded by ±4π and ±9π.
 *
 * ## Actions (`Discrete(3)`)
 * Torque -1, 0 or +1 applied at the actuated joint.
 *
 * ## Reward
 * -1 per step that does not reach the goal, 0 on the terminating step.
 *
 * ## Starting state
 * All four state variables uniform in [-0.1, 0.1] (`options: { low, high }`), rounded to float32
 * as in Gymnasium; `options: { state: [theta1, theta2, thetaDot1, thetaDot2] }` starts from an
 * exact state.
 *
 * ## Episode end
 * Terminated when `-cos(theta1) - cos(theta2 + theta1) > 1` (the free end above the bar);
 * truncated at 500 steps by the registry's time limit.
 */
import { BaseEnv, type ResetArgs, type ResetResult, type StepResult } from '../../core/env.js';
import { ResetNeededError } from '../../core/errors.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { assertAction, checkEnvOptions, resetState } from '../utils.js';
import { cos, sin } from './libm.js';

const PI = Math.PI;
const DT = 0.2; // s per step
const LINK_LENGTH_1 = 1.0; // m
const LINK_MASS_1 = 1.0; // kg
const LINK_MASS_2 = 1.0; // kg
const LINK_COM_POS_1 = 0.5; // m, centre of mass of link 1
const LINK_COM_POS_2 = 0.5; // m, centre of mass of link 2
const LINK_MOI = 1.0; // moment of inertia of both links
const G = 9.8; // m/s^2
export const MAX_VEL_1 = 4 * PI;
export const MAX_VEL_2 = 9 * PI;
const AVAIL_TORQUE = [-1.0, 0.0, +1];

/** Gymnasium's `wrap`: shifts x by multiples of (M - m) into [m, M]. */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

/** Python's `min(max(x, m), M)`. */
function bound(x: number, m: number, M: number): number {
  const lo = m > x ? m : x;
  return M < lo ? M : lo;
}

/** Time derivative of `[theta1, theta2, dtheta1, dtheta2]` under torque `a` ("book" dynamics). */
function dsdt(s: Float64Array, a: number, out: Float64Array): void {
  const m1 = LINK_MASS_1;
  const m2 = LINK_MASS_2;
  const l1 = LINK_LENGTH_1;
  const lc1 = LINK_COM_POS_1;
  const lc2 = LINK_COM_POS_2;
  const I1 = LINK_MOI;
  const I2 = LINK_MOI;
  const theta1 = s[0] as number;
  const theta2 = s[1] as number;
  const dtheta1 = s[2] as number;
  const dtheta2 = s[3] as number;
  const cos2 = cos(theta2);
  const sin2 = sin(theta2);
  const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * cos2) + I1 + I2;
  const d2 = m2 * (lc2 ** 2 + l1 * lc2 * cos2) + I2;
  const phi2 = m2 * lc2 * G * cos(theta1 + theta2 - PI / 2.0);
  const phi1 =
    -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2 -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2 +
    (m1 * lc1 + m2 * l1) * G * cos(theta1 - PI / 2) +
    phi2;
  const ddtheta2 =
    (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2) /
    (m2 * lc2 ** 2 + I2 - (d2 * d2) / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  out[0] = dtheta1;
  out[1] = dtheta2;
  out[2] = ddtheta1;
  out[3] = ddtheta2;
}

export class AcrobotEnv extends BaseEnv<Float32Array, number> {
  override readonly metadata = { renderModes: ['human', 'rgb_array'], renderFps: 15, scene: 'Acrobot' };
  readonly observationSpace = new Box(
    [-1.0, -1.0, -1.0, -1.0, -MAX_VEL_1, -MAX_VEL_2],
    [1.0, 1.0, 1.0, 1.0, MAX_VEL_1, MAX_VEL_2],
  );
  readonly actionSpace = new Discrete(3);
  private readonly s = new Float64Array(4);
  private hasState = false;
  // RK4 scratch, reused every step.
  private readonly k1 = new Float64Array(4);
  private readonly k2 = new Float64Array(4);
  private readonly k3 = new Float64Array(4);
  private readonly k4 = new Float64Array(4);
  private readonly tmp = new Float64Array(4);

  /** Acrobot takes no options; passing any is an error, as in Gymnasium. */
  constructor(options: Record<string, never> = {}) {
    super();
    checkEnvOptions('AcrobotEnv', options, {});
  }

  /** A copy of the internal state `[theta1, theta2, dtheta1, dtheta2]`, or null before reset. */
  get state(): Float64Array | null {
    return this.hasState ? this.s.slice() : null;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    this.seedRng(args.seed);
    resetState(this, args.options, this.s, [-0.1, 0.1], (low, high) => Math.fround(this.rng.uniform(low, high)));
    this.hasState = true;
    return { observation: this.obs(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    assertAction(this, this.actionSpace, action);
    if (!this.hasState) throw new ResetNeededError(`${this.name} step() was called before reset()`);
    this.rk4(AVAIL_TORQUE[action] as number);
    const s = this.s;
    s[0] = wrap(s[0] as number, -PI, PI);
    s[1] = wrap(s[1] as number, -PI, PI);
    s[2] = bound(s[2] as number, -MAX_VEL_1, MAX_VEL_1);
    s[3] = bound(s[3] as number, -MAX_VEL_2, MAX_VEL_2);
    const terminated = -cos(s[0] as number) - cos((s[1] as number) + (s[0] as number)) > 1.0;
    const reward = terminated ? 0.0 : -1.0;
    return { observation: this.obs(), reward, terminated, truncated: false, info: {} };
  }

  /** One classical Runge-Kutta step of DT, with Gymnasium's order of operations. */
  private rk4(torque: number): void {
    const { s, k1, k2, k3, k4, tmp } = this;
    const dt = DT - 0;
    const dt2 = dt / 2.0;
    dsdt(s, torque, k1);
    for (let i = 0; i < 4; i++) tmp[i] = (s[i] as number) + dt2 * (k1[i] as number);
    dsdt(tmp, torque, k2);
    for (let i = 0; i < 4; i++) tmp[i] = (s[i] as number) + dt2 * (k2[i] as number);
    dsdt(tmp, torque, k3);
    for (let i = 0; i < 4; i++) tmp[i] = (s[i] as number) + dt * (k3[i] as number);
    dsdt(tmp, torque, k4);
    const w = dt / 6.0;
    for (let i = 0; i < 4; i++) {
      s[i] = (s[i] as number) + w * ((k1[i] as number) + 2 * (k2[i] as number) + 2 * (k3[i] as number) + (k4[i] as number));
    }
  }

  private obs(): Float32Array {
    const s = this.s;
    const t1 = s[0] as number;
    const t2 = s[1] as number;
    const o = new Float32Array(6); // faster than Float32Array.of in V8
    o[0] = cos(t1);
    o[1] = sin(t1);
    o[2] = cos(t2);
    o[3] = sin(t2);
    o[4] = s[2] as number;
    o[5] = s[3] as number;
    return o;
  }
}

/**
 * CartPole: the cart-pole balancing task of Barto, Sutton and Anderson (1983), "Neuronlike
 * adaptive elements that can solve difficult learning control problems", with the dynamics,
 * constants and order of floating-point operations of Gymnasium's `CartPoleEnv`.
 *
 * ## Observation (`Box`, shape [4], float32)
 * | i | observation           | min                 | max               |
 * |---|-----------------------|---------------------|-------------------|
 * | 0 | cart position (m)     | -4.8                | 4.8               |
 * | 1 | cart velocity (m/s)   | -Inf                | Inf               |
 * | 2 | pole angle (rad)      | ~ -0.418 (-24°)     | ~ 0.418 (24°)     |
 * | 3 | pole angular velocity | -Inf                | Inf               |
 *
 * ## Actions (`Discrete(2)`)
 * 0: push the cart left, 1: push it right, with a fixed force of 10 N.
 *
 * ## Reward
 * +1 for every step, the terminating one included (`suttonBartoReward`: 0 per step, -1 on the
 * terminating step).
 *
 * ## Starting state
 * Every state variable uniform in [-0.05, 0.05]; `reset({ options: { low, high } })` changes the
 * bounds, `reset({ options: { state } })` starts from an exact state `[x, xDot, theta, thetaDot]`.
 *
 * ## Episode end
 * Terminated when |pole angle| > 12° or |cart position| > 2.4; truncated by the registry's time
 * limit (500 steps for v1, 200 for v0).
 *
 * ## Arguments
 * `suttonBartoReward` (boolean, default false).
 */
import { BaseEnv, type ResetArgs, type ResetResult, type StepResult } from '../../core/env.js';
import { ResetNeededError } from '../../core/errors.js';
import { warn } from '../../core/logger.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { assertAction, checkEnvOptions, resetState } from '../utils.js';
import { cos, sin } from './libm.js';

export interface CartPoleOptions {
  /** Reward 0 per step and -1 on termination, as in Sutton and Barto's original. Default false. */
  suttonBartoReward?: boolean;
}

const GRAVITY = 9.8; // m/s^2
const MASS_CART = 1.0; // kg
const MASS_POLE = 0.1; // kg
const TOTAL_MASS = MASS_POLE + MASS_CART;
const LENGTH = 0.5; // m, half the pole's length
const POLEMASS_LENGTH = MASS_POLE * LENGTH;
const FORCE_MAG = 10.0; // N
const TAU = 0.02; // seconds between state updates
const THETA_THRESHOLD = (12 * 2 * Math.PI) / 360; // rad
const X_THRESHOLD = 2.4; // m
const OBS_HIGH = [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD * 2, Infinity];

export class CartPoleEnv extends BaseEnv<Float32Array, number> {
  override readonly metadata = { renderModes: ['human', 'rgb_array'], renderFps: 50, scene: 'CartPole' };
  readonly observationSpace = new Box(OBS_HIGH.map((v) => -v), OBS_HIGH);
  readonly actionSpace = new Discrete(2);
  private readonly suttonBartoReward: boolean;
  private readonly s = new Float64Array(4);
  private hasState = false;
  private stepsBeyondTerminated: number | null = null;

  constructor(options: CartPoleOptions = {}) {
    super();
    checkEnvOptions('CartPoleEnv', options, { suttonBartoReward: 'boolean' });
    this.suttonBartoReward = options.suttonBartoReward ?? false;
  }

  /** A copy of the internal state `[x, xDot, theta, thetaDot]` (float64), or null before reset. */
  get state(): Float64Array | null {
    return this.hasState ? this.s.slice() : null;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    this.seedRng(args.seed);
    resetState(this, args.options, this.s, [-0.05, 0.05], (low, high) => this.rng.uniform(low, high));
    this.hasState = true;
    this.stepsBeyondTerminated = null;
    return { observation: this.obs(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    assertAction(this, this.actionSpace, action);
    this.requireState();
    const s = this.s;
    let x = s[0] as number;
    let xDot = s[1] as number;
    let theta = s[2] as number;
    let thetaDot = s[3] as number;
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const costheta = cos(theta);
    const sintheta = sin(theta);
    const temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
    const thetaAcc =
      (GRAVITY * sintheta - costheta * temp) /
      (LENGTH * (4.0 / 3.0 - (MASS_POLE * (costheta * costheta)) / TOTAL_MASS));
    const xAcc = temp - (POLEMASS_LENGTH * thetaAcc * costheta) / TOTAL_MASS;
    x = x + TAU * xDot;
    xDot = xDot + TAU * xAcc;
    theta = theta + TAU * thetaDot;
    thetaDot = thetaDot + TAU * thetaAcc;
    s[0] = x;
    s[1] = xDot;
    s[2] = theta;
    s[3] = thetaDot;

    const terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
    let reward: number;
    if (!terminated) reward = this.suttonBartoReward ? 0.0 : 1.0;
    else if (this.stepsBeyondTerminated === null) {
      this.stepsBeyondTerminated = 0;
      reward = this.suttonBartoReward ? -1.0 : 1.0;
    } else {
      if (this.stepsBeyondTerminated === 0) {
        warn(
          `${this.name}: step() called after the episode terminated; call reset() once terminated is true ` +
            '(further steps are undefined behaviour).',
        );
      }
      this.stepsBeyondTerminated += 1;
      reward = this.suttonBartoReward ? -1.0 : 0.0;
    }
    return { observation: this.obs(), reward, terminated, truncated: false, info: {} };
  }

  private obs(): Float32Array {
    const o = new Float32Array(4); // faster than Float32Array.from in V8
    o[0] = this.s[0] as number;
    o[1] = this.s[1] as number;
    o[2] = this.s[2] as number;
    o[3] = this.s[3] as number;
    return o;
  }

  private requireState(): void {
    if (!this.hasState) throw new ResetNeededError(`${this.name} step() was called before reset()`);
  }
}

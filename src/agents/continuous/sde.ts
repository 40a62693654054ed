/**
 * Generalized state-dependent exploration (gSDE; Raffin, Kober and Stulp, 2022, "Smooth
 * Exploration for Robotic Reinforcement Learning", CoRL 2021), as Stable-Baselines3's SAC uses it:
 * the noise of action j is `sum_i phi_i(s) E_ij`, with phi(s) the actor's last hidden features
 * (treated as constants) and E a matrix of N(0, std_ij^2) entries, std = exp(logStd) learned by the
 * actor's optimiser. E is held for a number of steps, so the same state gets the same push and the
 * exploration is smooth in time. Given phi(s), the action's pre-squash value is Gaussian with
 * variance `phi(s)^2 @ std^2` per action, which gives the log-probability.
 */
import * as tf from '@tensorflow/tfjs';
import * as z from 'zod';
import type { SavedArray } from '../../core/agent.js';
import { checkValue } from '../../core/config.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { tanhGaussianLogProb } from './losses.js';
import { readTidy } from '../../core/tensors.js';

/** Added to the variance, as SB3, so that a state with all-zero features keeps a finite log-probability. */
const VARIANCE_EPSILON = 1e-6;

export class StateDependentNoise {
  readonly logStd: tf.Variable;
  /** The exploration matrix acting uses, [features, actions] row-major. */
  private readonly matrix: Float64Array;
  private stdJs: Float32Array | null = null;
  /** Env step of the last draw of the matrix (-1: never drawn). */
  private sampledAt = -1;

  constructor(
    readonly features: number,
    readonly actions: number,
    logStdInit: number,
    name: string,
  ) {
    this.logStd = tf.tidy(() => tf.variable(tf.fill([features, actions], logStdInit), true, name));
    this.matrix = new Float64Array(features * actions);
  }

  /** Entries of the matrix. */
  get size(): number {
    return this.features * this.actions;
  }

  /** True when acting at env step `step` needs a new matrix (every `every` steps). */
  due(step: number, every: number): boolean {
    return this.sampledAt < 0 || Math.floor(step / every) !== Math.floor(this.sampledAt / every);
  }

  /** Draws the acting matrix E_ij ~ N(0, std_ij^2) from `rng`. */
  resample(rng: Rng, step: number): void {
    this.stdJs ??= readTidy(() => tf.exp(this.logStd));
    const std = this.stdJs;
    for (let i = 0; i < this.matrix.length; i++) this.matrix[i] = (std[i] as number) * rng.normal();
    this.sampledAt = step;
  }

  /** The acting noise of action `j` for features `phi`. */
  noise(phi: ArrayLike<number>, j: number): number {
    let sum = 0;
    for (let i = 0; i < this.features; i++) sum += (phi[i] as number) * (this.matrix[i * this.actions + j] as number);
    return sum;
  }

  /** Drops the cached std (after the actor's optimiser moved logStd). */
  invalidate(): void {
    this.stdJs = null;
  }

  /**
   * Reparameterised actions a = tanh(mean + phi @ (std * zeta)) and their log-probabilities for a
   * batch (call inside tf.tidy); `zeta` [features, actions] holds standard normal numbers.
   */
  sample(mean: tf.Tensor2D, phi: tf.Tensor2D, zeta: tf.Tensor2D): { action: tf.Tensor2D; logProb: tf.Tensor1D } {
    const std = tf.exp(this.logStd) as tf.Tensor2D;
    const noise = tf.matMul(phi, tf.mul(std, zeta) as tf.Tensor2D);
    const sigma = tf.sqrt(tf.add(tf.matMul(tf.square(phi), tf.square(std)), VARIANCE_EPSILON)) as tf.Tensor2D;
    const u = tf.add(mean, noise) as tf.Tensor2D;
    return { action: tf.tanh(u), logProb: tanhGaussianLogProb(u, tf.div(noise, sigma) as tf.Tensor2D, tf.log(sigma) as tf.Tensor2D) };
  }

  saveArrays(): Record<string, SavedArray> {
    return {
      'sde/logStd': { shape: [this.features, this.actions], data: this.logStd.dataSync() as Float32Array },
      'sde/matrix': { shape: [this.features, this.actions], data: this.matrix.slice() },
    };
  }

  saveMeta(): { sampledAt: number } {
    return { sampledAt: this.sampledAt };
  }

  load(meta: unknown, arrays: Record<string, SavedArray>): void {
    const { sampledAt } = checkValue('checkpoint sde', z.object({ sampledAt: z.int().min(-1) }), meta) as { sampledAt: number };
    const logStd = arrays['sde/logStd'];
    const matrix = arrays['sde/matrix'];
    if (!logStd || !matrix || logStd.data.length !== this.size || matrix.data.length !== this.size) {
      throw new InvalidArgumentError(`checkpoint needs gSDE arrays sde/logStd and sde/matrix of ${this.size} numbers each`);
    }
    tf.tidy(() => this.logStd.assign(tf.tensor(logStd.data as Float32Array, [this.features, this.actions])));
    this.matrix.set(matrix.data);
    this.sampledAt = sampledAt;
    this.stdJs = null;
  }

  dispose(): void {
    this.logStd.dispose();
  }
}

/**
 * The tutorial's first gradient example: fit a noisy cubic `y = x^3 - 4x^2 - 2x + 2 + N(0, 1.5)`
 * on x = 0, 0.1, ..., 4.9 with a 4-weight polynomial model, Adam and the mean squared error over
 * random batches of 20, and recover weights close to [1, -4, -2, 2]. A supervised task for the
 * shared trainer.
 */
import * as tf from '@tensorflow/tfjs';
import type { Metrics } from '../core/agent.js';
import { Rng } from '../core/rng.js';
import type { SupervisedTask } from '../trainers/supervised.js';

export const TRUE_COEFFICIENTS = [1, -4, -2, 2] as const;

export interface PolynomialOptions {
  seed: number;
  /** Adam's learning rate. Default 0.3 (the cubic term dwarfs the others on [0, 5), so small rates crawl). */
  learningRate?: number;
  /** Batches per epoch. Default 100. */
  batchesPerEpoch?: number;
  /** Points per batch. Default 20 (the tutorial's). */
  batchSize?: number;
  /** Standard deviation of the noise. Default 1.5 (the tutorial's). */
  noise?: number;
}

export class PolynomialFit implements SupervisedTask {
  readonly name = 'polynomial';
  readonly xs: Float32Array;
  readonly ys: Float32Array;
  readonly weights: tf.Variable;
  private readonly optimizer: tf.Optimizer;
  private readonly rng: Rng;
  private readonly batchSize: number;
  private readonly perEpoch: number;

  constructor(options: PolynomialOptions) {
    const root = new Rng(options.seed);
    const data = root.child('data');
    this.rng = root.child('batches');
    this.xs = Float32Array.from({ length: 50 }, (_, i) => i / 10);
    const [a, b, c, d] = TRUE_COEFFICIENTS;
    this.ys = this.xs.map((x) => a * x ** 3 + b * x ** 2 + c * x + d + data.normal(0, options.noise ?? 1.5));
    const init = root.child('init');
    this.weights = tf.variable(tf.tensor1d(Array.from({ length: 4 }, () => init.normal())));
    this.optimizer = tf.train.adam(options.learningRate ?? 0.3);
    this.batchSize = options.batchSize ?? 20;
    this.perEpoch = options.batchesPerEpoch ?? 100;
  }

  batchesPerEpoch(): number {
    return this.perEpoch;
  }

  /** The polynomial w0 x^3 + w1 x^2 + w2 x + w3 (inside tidy). */
  predict(x: tf.Tensor1D): tf.Tensor1D {
    const w = this.weights;
    const powers = tf.stack([tf.pow(x, 3), tf.square(x), x, tf.onesLike(x)], 1) as tf.Tensor2D;
    return tf.squeeze(tf.matMul(powers, tf.reshape(w, [4, 1])), [1]) as tf.Tensor1D;
  }

  trainBatch(): Metrics {
    const idx = Array.from({ length: this.batchSize }, () => this.rng.int(this.xs.length));
    const x = Float32Array.from(idx, (i) => this.xs[i] as number);
    const y = Float32Array.from(idx, (i) => this.ys[i] as number);
    const loss = tf.tidy(() => {
      const xt = tf.tensor1d(x);
      const yt = tf.tensor1d(y);
      const value = this.optimizer.minimize(() => tf.mean(tf.square(tf.sub(this.predict(xt), yt))) as tf.Scalar, true, [this.weights]);
      return value?.dataSync()[0] ?? Number.NaN;
    });
    return { 'train/loss': loss };
  }

  endEpoch(): Metrics {
    const w = this.coefficients();
    return { 'train/w0': w[0] as number, 'train/w1': w[1] as number, 'train/w2': w[2] as number, 'train/w3': w[3] as number };
  }

  /** The fitted coefficients [w0, w1, w2, w3]. */
  coefficients(): number[] {
    return Array.from(this.weights.dataSync());
  }

  dispose(): void {
    this.weights.dispose();
    this.optimizer.dispose();
  }
}

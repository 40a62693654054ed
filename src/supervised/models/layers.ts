/**
 * Layers and initialisers that draw from seeded streams, so a model trains the same way twice.
 *
 * tfjs's Dropout either draws masks with an unseeded generator (different every run) or, given a
 * seed, draws the same mask at every step. `SeededDropout` takes a new seed for every training
 * call from its own {@link Rng}, so masks differ between steps and repeat between runs.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  private readonly rng: Rng;

  constructor(args: SeededDropoutArgs) {
    super(args.name ? { name: args.name } : {});
    if (!(args.rate >= 0 && args.rate < 1)) throw new InvalidArgumentError(`dropout rate must be in [0, 1), got ${describe(args.rate)}`);
    this.rate = args.rate;
    this.seed = args.seed;
    this.rng = new Rng(args.seed);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (kwargs.training !== true || this.rate === 0) return tf.clone(x);
    const seed = this.rng.int(2 ** 31);
    return tf.tidy(() => {
      const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.rate), 'float32');
      return tf.mul(x, tf.div(keep, 1 - this.rate));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/** Weight initialisations of the tutorial's experiment. */
export type InitKind = 'naive' | 'xavier' | 'he';

/** The variance a kernel of `fanIn x fanOut` gets: 1 (naive N(0, 1)), 2 / (fanIn + fanOut) (Xavier), 2 / fanIn (He). */
export function initVariance(kind: InitKind, fanIn: number, fanOut: number): number {
  return kind === 'naive' ? 1 : kind === 'xavier' ? 2 / (fanIn + fanOut) : 2 / fanIn;
}

/**
 * Sets a dense layer's kernel to plain normal draws with {@link initVariance} (not truncated, so
 * the variance is exactly the formula's) and its bias to 0.
 */
export function initDense(layer: tf.layers.Layer, kind: InitKind, rng: Rng): void {
  const [kernel, bias] = layer.getWeights();
  if (!kernel || kernel.shape.length !== 2) throw new InvalidArgumentError(`initDense needs a built dense layer, got ${layer.name}`);
  const [fanIn, fanOut] = kernel.shape as [number, number];
  const std = Math.sqrt(initVariance(kind, fanIn, fanOut));
  const values = Float32Array.from({ length: fanIn * fanOut }, () => rng.normal(0, std));
  const fresh = [tf.tensor2d(values, [fanIn, fanOut]), ...(bias ? [tf.zerosLike(bias)] : [])];
  layer.setWeights(fresh);
  tf.dispose(fresh);
}

/** A Glorot-uniform (Keras' default) initialiser seeded from `rng`. */
export function glorot(rng: Rng): Initializer {
  return tf.initializers.glorotUniform({ seed: rng.int(2 ** 31) });
}

/** A He-normal initialiser seeded from `rng` (for ReLU convolutions). */
export function heNormal(rng: Rng): Initializer {
  return tf.initializers.heNormal({ seed: rng.int(2 ** 31) });
}

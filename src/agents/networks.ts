/**
 * Multi-layer perceptrons for value-based agents, built from explicit tf.Variables so that
 * initialisation is seeded by our Rng, target copies are a few assignments, and the same
 * weights can run in a plain JavaScript forward pass for fast acting.
 *
 * Layout: hidden Dense layers (Glorot-uniform kernels, zero biases, as Keras' Dense), then a
 * linear head with one output per action; with `dueling`, two heads — a state value V and
 * advantages A — combined as Q = V + A - mean(A) (Wang et al., 2016).
 */
import * as tf from '@tensorflow/tfjs';
import type { SavedArray } from '../core/agent.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { Box } from '../core/spaces/box.js';
import type { Space } from '../core/spaces/space.js';
import { convHead } from '../supervised/models/convnet.js';

/**
 * A convolutional torso before the dense layers, for image observations: the supervised track's
 * head (`convHead`: per filter count a 3x3 'same' convolution, ReLU and 2x2 max pooling; no batch
 * normalisation, which replay and bootstrapped targets do not agree with), then flatten. The
 * observation is `[channels, height, width]` (a frame stack) or `[height, width, channels]`, its
 * pixels scaled by `scale` (1/255 for bytes).
 */
export interface ConvSpec {
  height: number;
  width: number;
  channels: number;
  channelsFirst: boolean;
  filters: number[];
  scale: number;
}

/** The conv torso for an image observation space, or a clear error naming the space. */
export function convSpecFor(who: string, space: Space<unknown>, filters: readonly number[]): ConvSpec {
  if (!(space instanceof Box) || space.shape.length !== 3) {
    throw new InvalidArgumentError(`${who} convFilters needs an image observation space of 3 dimensions ([stack, height, width] or [height, width, channels]), got ${String(space)}`);
  }
  const [a, b, c] = space.shape as [number, number, number];
  // Stable-Baselines3's rule: the smallest dimension is the channels'.
  const channelsFirst = a < c;
  const [height, width, channels] = channelsFirst ? [b, c, a] : [a, b, c];
  if (height >> filters.length < 1 || width >> filters.length < 1) {
    throw new InvalidArgumentError(`${who} convFilters has ${filters.length} pooling blocks, too many for ${height}x${width} images (each halves the size)`);
  }
  const scale = Math.max(...Array.from(space.high)) > 1 ? 1 / 255 : 1;
  return { height, width, channels, channelsFirst, filters: [...filters], scale };
}

/** Numbers per image after the torso (flattened). */
export function convOutputSize(conv: ConvSpec): number {
  const k = conv.filters.length;
  return (conv.height >> k) * (conv.width >> k) * (conv.filters[k - 1] as number);
}

export interface MlpSpec {
  inputSize: number;
  /**
   * Optional input scaling `(x - center) * scale`, applied before the first layer, e.g. to map a
   * bounded observation space onto [-1, 1] (MountainCar's velocity spans ±0.07, its position ±1).
   */
  inputCenter?: number[];
  inputScale?: number[];
  hiddenLayers: readonly number[];
  outputSize: number;
  activation: 'relu' | 'tanh';
  dueling: boolean;
  /** A convolutional torso for image observations (its weights come first). */
  conv?: ConvSpec | null;
}

/** Shapes of every weight array, in order (kernel, bias per layer; dueling: V head then A head). */
/** Numbers in all the weights of `spec` (for memory estimates). */
export function parameterCount(spec: MlpSpec): number {
  return weightShapes(spec).reduce((sum, s) => sum + s.reduce((a, b) => a * b, 1), 0);
}

export function weightShapes(spec: MlpSpec): number[][] {
  const shapes: number[][] = [];
  let prev = spec.inputSize;
  if (spec.conv) {
    let channels = spec.conv.channels;
    for (const f of spec.conv.filters) {
      shapes.push([3, 3, channels, f], [f]);
      channels = f;
    }
    prev = convOutputSize(spec.conv);
  }
  for (const h of spec.hiddenLayers) {
    shapes.push([prev, h], [h]);
    prev = h;
  }
  if (spec.dueling) shapes.push([prev, 1], [1], [prev, spec.outputSize], [spec.outputSize]);
  else shapes.push([prev, spec.outputSize], [spec.outputSize]);
  return shapes;
}

/**
 * How a network's weights start: `glorot` (Keras' Dense: Glorot-uniform kernels, zero biases) or
 * `pytorch` (PyTorch's nn.Linear, hence Stable-Baselines3's off-policy networks: kernel and bias
 * both uniform in +-1/sqrt(fan_in)).
 */
export type WeightInit = 'glorot' | 'pytorch';

/** Initial weights for `spec`, drawn from `rng` (default Glorot-uniform kernels and zero biases). */
export function initialWeights(spec: MlpSpec, rng: Rng, init: WeightInit = 'glorot'): Float32Array[] {
  const shapes = weightShapes(spec);
  return shapes.map((shape, k) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const w = new Float32Array(n);
    if (shape.length === 4) {
      // Convolution kernels: He-normal (fan-in 3 x 3 x channels), as the supervised head's.
      const std = Math.sqrt(2 / ((shape[0] as number) * (shape[1] as number) * (shape[2] as number)));
      for (let i = 0; i < n; i++) w[i] = rng.normal(0, std);
      return w;
    }
    if (shapes[k - 1]?.length === 4) return w; // a convolution's bias: zeros
    // a bias's fan-in is its kernel's (the array before it)
    const fanIn = (shape.length === 2 ? shape[0] : shapes[k - 1]?.[0]) as number;
    const limit = init === 'pytorch' ? 1 / Math.sqrt(fanIn) : shape.length === 2 ? Math.sqrt(6 / ((shape[0] as number) + (shape[1] as number))) : 0;
    if (limit > 0) for (let i = 0; i < n; i++) w[i] = rng.uniform(-limit, limit);
    return w;
  });
}

/**
 * Dense layers with hand-written gradients. tfjs's own gradient of matMul multiplies with
 * transposed operands, and the wasm backend runs transposed matMuls about 8x slower than plain
 * ones (470 us against 60 us for 128x64 by 64x64 here); transposing explicitly first keeps every
 * product on the fast path, which makes a DQN gradient step several times faster.
 */
function makeDense(activation: 'relu' | 'tanh' | 'linear', inputOnly = false) {
  const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const z = tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
    const y = activation === 'relu' ? tf.relu(z) : activation === 'tanh' ? tf.tanh(z) : z;
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const dz = activation === 'relu' ? tf.mul(dy, tf.step(ys)) : activation === 'tanh' ? tf.mul(dy, tf.sub(1, tf.square(ys))) : dy;
        const dx = tf.matMul(dz as tf.Tensor2D, tf.transpose(ws));
        // inputOnly: the weights are held fixed by the caller (an actor's loss through a critic), so
        // their gradients are not computed (zeros of the right shape; the optimiser never sees them)
        if (inputOnly) return [dx, tf.zerosLike(ws), tf.zerosLike(b)];
        return [dx, tf.matMul(tf.transpose(xs), dz as tf.Tensor2D), tf.sum(dz, 0)];
      },
    };
  };
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;
}

type Dense = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;
const fusedRelu: Dense = (x, w, b) => tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' }) as tf.Tensor2D;
const fusedLinear: Dense = (x, w, b) => tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D;
const fusedTanh: Dense = (x, w, b) => tf.tanh(fusedLinear(x, w, b));
const denseRelu = makeDense('relu');
const denseTanh = makeDense('tanh');
const denseLinear = makeDense('linear');
const inputOnlyRelu = makeDense('relu', true);
const inputOnlyTanh = makeDense('tanh', true);
const inputOnlyLinear = makeDense('linear', true);

/**
 * How a forward pass is differentiated: `true` for a loss of this network's weights; `false` for
 * values only (fused kernels, no gradient: targets, acting); `'input'` for a loss that reaches
 * this network's input but not its weights (an actor's loss through a critic), which skips the
 * weight gradients' matrix products.
 */
export type Differentiable = boolean | 'input';

function layers(mode: Differentiable, relu: boolean): { hidden: Dense; linear: Dense } {
  if (mode === 'input') return { hidden: relu ? inputOnlyRelu : inputOnlyTanh, linear: inputOnlyLinear };
  if (mode) return { hidden: relu ? denseRelu : denseTanh, linear: denseLinear };
  return { hidden: relu ? fusedRelu : fusedTanh, linear: fusedLinear };
}

let networkCount = 0;

export class QNetwork {
  readonly spec: MlpSpec;
  readonly variables: tf.Variable[];
  /** The convolutional torso (its variables are the first of `variables`), or null. */
  private readonly torso: tf.LayersModel | null = null;
  /** How many of `variables` are the torso's. */
  private readonly torsoCount: number;

  constructor(spec: MlpSpec, weights: Float32Array[]) {
    if (!(spec.inputSize > 0 && spec.outputSize > 0 && spec.hiddenLayers.every((h) => Number.isInteger(h) && h > 0))) {
      throw new InvalidArgumentError(`QNetwork sizes must be positive integers, got ${describe(spec)}`);
    }
    this.spec = spec;
    const shapes = weightShapes(spec);
    const id = networkCount++;
    const torsoVariables: tf.Variable[] = [];
    if (spec.conv) {
      const input = tf.input({ shape: [spec.conv.height, spec.conv.width, spec.conv.channels] });
      const head = convHead(input, spec.conv.filters, false, new Rng(0));
      this.torso = tf.model({ inputs: input, outputs: tf.layers.flatten().apply(head) as tf.SymbolicTensor, name: `qnet${id}_torso` });
      for (const w of this.torso.trainableWeights) torsoVariables.push((w as unknown as { read(): tf.Variable }).read());
    }
    this.torsoCount = torsoVariables.length;
    // The variable copies the tensor it starts from; tidy frees that tensor (it keeps variables).
    this.variables = tf.tidy(() => shapes.map((shape, i) => {
      const value = tf.tensor(weights[i] as Float32Array, shape, 'float32');
      if (i < torsoVariables.length) {
        (torsoVariables[i] as tf.Variable).assign(value);
        return torsoVariables[i] as tf.Variable;
      }
      return tf.variable(value, true, `qnet${id}_w${i}`);
    }));
  }

  /**
   * Q-values for a batch of observations `[batch, inputSize]` (call inside tf.tidy). With
   * `differentiable: false` (targets, acting) the layers run as single fused kernels; with true
   * (the loss) as dense layers with the fast hand-written gradients.
   */
  apply(x: tf.Tensor2D, differentiable: Differentiable = true): tf.Tensor2D {
    const v = this.variables.slice(this.torsoCount);
    const h = this.features(x, differentiable);
    const k = 2 * this.spec.hiddenLayers.length;
    const { linear } = layers(differentiable, this.spec.activation === 'relu');
    if (!this.spec.dueling) return linear(h, v[k] as tf.Tensor2D, v[k + 1] as tf.Tensor1D);
    const value = linear(h, v[k] as tf.Tensor2D, v[k + 1] as tf.Tensor1D);
    const adv = linear(h, v[k + 2] as tf.Tensor2D, v[k + 3] as tf.Tensor1D);
    return tf.add(value, tf.sub(adv, tf.mean(adv, 1, true))) as tf.Tensor2D;
  }

  /** The last hidden layer's activations for a batch (call inside tf.tidy): the features the head reads. */
  features(x: tf.Tensor2D, differentiable: Differentiable = true): tf.Tensor2D {
    const v = this.variables.slice(this.torsoCount);
    let h: tf.Tensor2D = x;
    if (this.spec.inputCenter && this.spec.inputScale) h = tf.mul(tf.sub(h, this.spec.inputCenter), this.spec.inputScale) as tf.Tensor2D;
    if (this.torso && this.spec.conv) h = this.torsoFeatures(h, this.spec.conv);
    const { hidden } = layers(differentiable, this.spec.activation === 'relu');
    for (let layer = 0; layer < this.spec.hiddenLayers.length; layer++) h = hidden(h, v[2 * layer] as tf.Tensor2D, v[2 * layer + 1] as tf.Tensor1D);
    return h;
  }

  /** Flat image observations through the convolutional torso: `[batch, features]`. */
  private torsoFeatures(x: tf.Tensor2D, c: ConvSpec): tf.Tensor2D {
    const batch = x.shape[0];
    let img: tf.Tensor4D = c.channelsFirst ? tf.transpose(tf.reshape(x, [batch, c.channels, c.height, c.width]), [0, 2, 3, 1]) : tf.reshape(x, [batch, c.height, c.width, c.channels]);
    if (c.scale !== 1) img = tf.mul(img, c.scale);
    return (this.torso as tf.LayersModel).apply(img) as tf.Tensor2D;
  }

  /** this = tau * source + (1 - tau) * this (tau = 1: a hard copy). */
  updateFrom(source: QNetwork, tau = 1): void {
    tf.tidy(() => {
      this.variables.forEach((v, i) => {
        const s = source.variables[i] as tf.Variable;
        v.assign(tau === 1 ? s : tf.add(tf.mul(s, tau), tf.mul(v, 1 - tau)));
      });
    });
  }

  /** The weights with their shapes (what a learner publishes to remote actors). */
  savedWeights(): SavedArray[] {
    const shapes = weightShapes(this.spec);
    return this.readWeights().map((data, i) => ({ shape: [...(shapes[i] as number[])], data }));
  }

  /** The weights as plain arrays (a copy, read synchronously). */
  readWeights(): Float32Array[] {
    return this.variables.map((v) => v.dataSync() as Float32Array);
  }

  writeWeights(weights: readonly Float32Array[]): void {
    const shapes = weightShapes(this.spec);
    if (weights.length !== shapes.length) throw new InvalidArgumentError(`QNetwork expects ${shapes.length} weight arrays, got ${weights.length}`);
    tf.tidy(() => {
      this.variables.forEach((v, i) => {
        const w = weights[i] as Float32Array;
        const shape = shapes[i] as number[];
        const n = shape.reduce((a, b) => a * b, 1);
        if (w.length !== n) throw new InvalidArgumentError(`QNetwork weight ${i} must have shape [${shape.join(', ')}] (${n} numbers), got ${w.length}`);
        v.assign(tf.tensor(w, shape, 'float32'));
      });
    });
  }

  dispose(): void {
    if (this.torso) this.torso.dispose();
    for (const v of this.variables.slice(this.torsoCount)) v.dispose();
  }

  /**
   * Outputs for `n` observations (rows of `inputs`), `n * outputSize` numbers: row by row in plain
   * JavaScript for MLPs (as {@link forwardOne}), in one tfjs call for a convolutional torso.
   */
  forwardBatch(jsWeights: () => readonly Float32Array[], inputs: Float32Array, n: number, scratch: Float64Array[]): Float64Array {
    const size = this.spec.inputSize;
    const k = this.spec.outputSize;
    const out = new Float64Array(n * k);
    if (!this.torso) {
      for (let i = 0; i < n; i++) forwardJs(this.spec, jsWeights(), inputs.subarray(i * size, (i + 1) * size), scratch, out.subarray(i * k, (i + 1) * k));
      return out;
    }
    const t = tf.tidy(() => this.apply(tf.tensor2d(inputs.subarray(0, n * size), [n, size]), false));
    out.set(t.dataSync());
    t.dispose();
    return out;
  }

  /**
   * Outputs for one observation into `out`: the plain-JavaScript pass (weights from `jsWeights`)
   * for MLPs, one tfjs call for a convolutional torso.
   */
  forwardOne(jsWeights: () => readonly Float32Array[], input: ArrayLike<number>, scratch: Float64Array[], out: Float64Array): void {
    if (!this.torso) {
      forwardJs(this.spec, jsWeights(), input, scratch, out);
      return;
    }
    const t = tf.tidy(() => this.apply(tf.tensor2d(Float32Array.from(input), [1, this.spec.inputSize]), false));
    const values = t.dataSync();
    t.dispose();
    for (let i = 0; i < out.length; i++) out[i] = values[i] as number;
  }
}

/**
 * The same forward pass in plain JavaScript, for acting one observation at a time without the
 * cost of a tfjs call (float32 weights, float64 accumulation). Writes Q-values into `out`.
 */
export function forwardJs(spec: MlpSpec, weights: readonly Float32Array[], input: ArrayLike<number>, scratch: Float64Array[], out: Float64Array): void {
  let prev: ArrayLike<number> = input;
  if (spec.inputCenter && spec.inputScale) {
    // float32, as the tfjs ops compute it
    prev = Float32Array.from(input, (x, i) => Math.fround(Math.fround(x - (spec.inputCenter?.[i] as number)) * (spec.inputScale?.[i] as number)));
  }
  let prevSize = spec.inputSize;
  let k = 0;
  const relu = spec.activation === 'relu';
  for (let layer = 0; layer < spec.hiddenLayers.length; layer++) {
    const size = spec.hiddenLayers[layer] as number;
    const W = weights[k] as Float32Array;
    const b = weights[k + 1] as Float32Array;
    const h = scratch[layer] as Float64Array;
    for (let j = 0; j < size; j++) h[j] = b[j] as number;
    for (let i = 0; i < prevSize; i++) {
      const x = prev[i] as number;
      if (x === 0) continue;
      const row = i * size;
      for (let j = 0; j < size; j++) h[j] = (h[j] as number) + x * (W[row + j] as number);
    }
    for (let j = 0; j < size; j++) {
      const v = h[j] as number;
      h[j] = relu ? (v > 0 ? v : 0) : Math.tanh(v);
    }
    prev = h;
    prevSize = size;
    k += 2;
  }
  const dense = (W: Float32Array, b: Float32Array, n: number, target: Float64Array): void => {
    for (let j = 0; j < n; j++) target[j] = b[j] as number;
    for (let i = 0; i < prevSize; i++) {
      const x = prev[i] as number;
      const row = i * n;
      for (let j = 0; j < n; j++) target[j] = (target[j] as number) + x * (W[row + j] as number);
    }
  };
  if (!spec.dueling) {
    dense(weights[k] as Float32Array, weights[k + 1] as Float32Array, spec.outputSize, out);
    return;
  }
  const value = new Float64Array(1);
  dense(weights[k] as Float32Array, weights[k + 1] as Float32Array, 1, value);
  dense(weights[k + 2] as Float32Array, weights[k + 3] as Float32Array, spec.outputSize, out);
  let mean = 0;
  for (let j = 0; j < spec.outputSize; j++) mean += out[j] as number;
  mean /= spec.outputSize;
  for (let j = 0; j < spec.outputSize; j++) out[j] = (value[0] as number) + (out[j] as number) - mean;
}

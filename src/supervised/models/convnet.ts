/**
 * The tutorials' convolutional classifiers: a shared convolutional "head" (blocks of 3x3
 * convolution, batch normalisation, ReLU and 2x2 max pooling) with one of three interchangeable
 * classifier back-ends:
 * - `fc`: flatten, two 100-unit ReLU dense layers, the output layer;
 * - `fc-dropout`: the same with dropout (0.5) after each hidden dense layer;
 * - `gap`: global average pooling straight into the output layer (no hidden dense layer).
 * The output is one sigmoid unit for two classes (binary cross-entropy, as the cats-vs-dogs
 * tutorial) or a softmax over the classes. Layer names are stable (`head_conv1`, ...,
 * `features`, `classifier_dense1`, ..., `output`) so models can be cut and transferred by name.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { SeededDropout, glorot, heNormal } from './layers.js';

export type BackEnd = 'fc' | 'fc-dropout' | 'gap';
export const BACK_ENDS: readonly BackEnd[] = ['fc', 'fc-dropout', 'gap'];

export interface ConvNetOptions {
  /** [height, width, channels]. */
  inputShape: readonly [number, number, number];
  /** Classes; 2 gives one sigmoid output. */
  numClasses: number;
  /** Filters of each head block. Default [32, 32, 64] (the GAP tutorial's head). */
  filters?: readonly number[];
  /** Classifier back-end. Default `gap`. */
  backEnd?: BackEnd;
  /** Units of the fully connected back-ends' hidden layers. Default [100, 100]. */
  denseUnits?: readonly number[];
  /** Dropout rate of `fc-dropout`. Default 0.5. */
  dropout?: number;
  /** Batch normalisation in the head. Default true. */
  batchNorm?: boolean;
  seed: number;
}

/** The number of outputs for `numClasses` classes: 1 (sigmoid) for two, else one per class. */
export function outputUnits(numClasses: number): number {
  return numClasses === 2 ? 1 : numClasses;
}

/** The head's layers applied to `input`; the last is named `features`. */
export function convHead(input: tf.SymbolicTensor, filters: readonly number[], batchNorm: boolean, rng: Rng): tf.SymbolicTensor {
  let x = input;
  filters.forEach((f, i) => {
    const n = i + 1;
    x = tf.layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', useBias: !batchNorm, kernelInitializer: heNormal(rng), name: `head_conv${n}` }).apply(x) as tf.SymbolicTensor;
    // Momentum 0.9 (PyTorch's default): with Keras' 0.99 the moving statistics need thousands of
    // steps to forget their initial values, and until then inference disagrees with training.
    if (batchNorm) x = tf.layers.batchNormalization({ momentum: 0.9, name: `head_bn${n}` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.activation({ activation: 'relu', name: `head_relu${n}` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 2, name: n === filters.length ? 'features' : `head_pool${n}` }).apply(x) as tf.SymbolicTensor;
  });
  return x;
}

/** A classifier back-end on `features`, ending in the output layer. */
export function classifierBackEnd(features: tf.SymbolicTensor, backEnd: BackEnd, numClasses: number, rng: Rng, denseUnits: readonly number[] = [100, 100], dropout = 0.5): tf.SymbolicTensor {
  let x = features;
  if (backEnd === 'gap') {
    x = tf.layers.globalAveragePooling2d({ name: 'classifier_gap' }).apply(x) as tf.SymbolicTensor;
  } else {
    x = tf.layers.flatten({ name: 'classifier_flatten' }).apply(x) as tf.SymbolicTensor;
    denseUnits.forEach((units, i) => {
      x = tf.layers.dense({ units, activation: 'relu', kernelInitializer: glorot(rng), name: `classifier_dense${i + 1}` }).apply(x) as tf.SymbolicTensor;
      if (backEnd === 'fc-dropout') x = new SeededDropout({ rate: dropout, seed: rng.int(2 ** 31), name: `classifier_dropout${i + 1}` }).apply(x) as tf.SymbolicTensor;
    });
  }
  const units = outputUnits(numClasses);
  return tf.layers.dense({ units, activation: units === 1 ? 'sigmoid' : 'softmax', kernelInitializer: glorot(rng), name: 'output' }).apply(x) as tf.SymbolicTensor;
}

/** A head + back-end classifier (uncompiled). */
export function buildConvNet(o: ConvNetOptions): tf.LayersModel {
  const filters = o.filters ?? [32, 32, 64];
  if (!(Number.isSafeInteger(o.numClasses) && o.numClasses >= 2)) throw new InvalidArgumentError(`numClasses must be an integer >= 2, got ${describe(o.numClasses)}`);
  if (filters.length === 0 || filters.some((f) => !(Number.isSafeInteger(f) && f > 0))) throw new InvalidArgumentError(`filters must be positive integers, got ${describe(filters)}`);
  const backEnd = o.backEnd ?? 'gap';
  if (!BACK_ENDS.includes(backEnd)) throw new InvalidArgumentError(`backEnd must be one of ${BACK_ENDS.join(', ')}, got ${describe(backEnd)}`);
  const rng = new Rng(o.seed);
  const input = tf.input({ shape: [...o.inputShape], name: 'image' });
  const features = convHead(input, filters, o.batchNorm ?? true, rng.child('head'));
  const output = classifierBackEnd(features, backEnd, o.numClasses, rng.child('classifier'), o.denseUnits, o.dropout);
  return tf.model({ inputs: input, outputs: output, name: `convnet_${backEnd.replace('-', '_')}` });
}

/** Trainable and non-trainable parameter counts (as Keras' summary reports them). */
export function parameterCounts(model: tf.LayersModel): { total: number; trainable: number; nonTrainable: number } {
  const count = (ws: tf.LayerVariable[]) => ws.reduce((a, w) => a + w.shape.reduce((x, y) => (x as number) * (y as number), 1)!, 0);
  const trainable = count(model.trainableWeights);
  const nonTrainable = count(model.nonTrainableWeights);
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}

/** Kernel values of every conv and dense layer, for TensorBoard histograms. */
export function kernelHistograms(model: tf.LayersModel): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const layer of model.layers) {
    const w = layer.getWeights()[0];
    if (w && w.shape.length >= 2) out[`weights/${layer.name}/kernel`] = w.dataSync() as Float32Array;
  }
  return out;
}

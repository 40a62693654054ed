/**
 * ResNet50 in tfjs-layers with the layer names, weight shapes and weight order of Keras'
 * `tf.keras.applications.ResNet50(include_top=False)`, so Keras ImageNet weights converted to the
 * tfjs format (`tensorflowjs_converter --input_format keras`) load into it by name. At 100x100x3
 * it has 23,587,712 parameters (53,120 of them batch-norm moving statistics).
 *
 *   conv1_pad, conv1_conv (7x7/2, 64), conv1_bn, conv1_relu, pool1_pad, pool1_pool (3x3/2)
 *   conv2: 3 bottleneck blocks of 64 (stride 1), conv3: 4 of 128, conv4: 6 of 256, conv5: 3 of 512
 *   block: {name}_0_conv/_0_bn (projection shortcut, first block only), {name}_1_conv/_bn/_relu (1x1),
 *          {name}_2_conv/_bn/_relu (3x3), {name}_3_conv/_bn (1x1, 4x filters), {name}_add, {name}_out
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { glorot } from './layers.js';

type T = tf.SymbolicTensor;

export interface ResNet50Options {
  /** [height, width, 3]; Keras needs at least 32x32. Default [224, 224, 3]. */
  inputShape?: readonly [number, number, number];
  /** Seed of the random initial weights (replaced when pretrained weights are loaded). */
  seed?: number;
}

const BN_EPSILON = 1.001e-5;

function bn(x: T, name: string): T {
  return tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name }).apply(x) as T;
}

function conv(x: T, filters: number, kernel: number, stride: number, name: string, rng: Rng, padding: 'valid' | 'same' = 'valid'): T {
  return tf.layers.conv2d({ filters, kernelSize: kernel, strides: stride, padding, kernelInitializer: glorot(rng), name }).apply(x) as T;
}

function block(x: T, filters: number, stride: number, shortcut: boolean, name: string, rng: Rng): T {
  const short = shortcut ? bn(conv(x, 4 * filters, 1, stride, `${name}_0_conv`, rng), `${name}_0_bn`) : x;
  let y = bn(conv(x, filters, 1, stride, `${name}_1_conv`, rng), `${name}_1_bn`);
  y = tf.layers.activation({ activation: 'relu', name: `${name}_1_relu` }).apply(y) as T;
  y = bn(conv(y, filters, 3, 1, `${name}_2_conv`, rng, 'same'), `${name}_2_bn`);
  y = tf.layers.activation({ activation: 'relu', name: `${name}_2_relu` }).apply(y) as T;
  y = bn(conv(y, 4 * filters, 1, 1, `${name}_3_conv`, rng), `${name}_3_bn`);
  y = tf.layers.add({ name: `${name}_add` }).apply([short, y]) as T;
  return tf.layers.activation({ activation: 'relu', name: `${name}_out` }).apply(y) as T;
}

function stack(x: T, filters: number, blocks: number, stride: number, name: string, rng: Rng): T {
  let y = block(x, filters, stride, true, `${name}_block1`, rng);
  for (let i = 2; i <= blocks; i++) y = block(y, filters, 1, false, `${name}_block${i}`, rng);
  return y;
}

/** ResNet50 without its top (no pooling, no classifier): output `conv5_block3_out`, 2,048 channels. */
export function buildResNet50(options: ResNet50Options = {}): tf.LayersModel {
  const shape = options.inputShape ?? [224, 224, 3];
  if (shape.length !== 3 || shape[2] !== 3 || shape[0] < 32 || shape[1] < 32) {
    throw new InvalidArgumentError(`ResNet50 input shape must be [height >= 32, width >= 32, 3], got ${describe(shape)}`);
  }
  const rng = new Rng(options.seed ?? 0).child('resnet50');
  const input = tf.input({ shape: [...shape], name: 'input_1' });
  let x = tf.layers.zeroPadding2d({ padding: [[3, 3], [3, 3]], name: 'conv1_pad' }).apply(input) as T;
  x = conv(x, 64, 7, 2, 'conv1_conv', rng);
  x = bn(x, 'conv1_bn');
  x = tf.layers.activation({ activation: 'relu', name: 'conv1_relu' }).apply(x) as T;
  x = tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'pool1_pad' }).apply(x) as T;
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }).apply(x) as T;
  x = stack(x, 64, 3, 1, 'conv2', rng);
  x = stack(x, 128, 4, 2, 'conv3', rng);
  x = stack(x, 256, 6, 2, 'conv4', rng);
  x = stack(x, 512, 3, 2, 'conv5', rng);
  return tf.model({ inputs: input, outputs: x, name: 'resnet50' });
}

/**
 * Transfer learning: cut a pretrained model at a named layer, freeze it, and put global average
 * pooling and one dense layer on top (the tutorial's ResNet50 recipe). Because the frozen base
 * maps an image to the same features in every epoch, {@link extractFeatures} runs it once and the
 * head trains on the cached features; the head's layers are shared with the full model, so the
 * full model predicts with what the head learned.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { ImageDataset } from '../data/dataset.js';
import { outputUnits } from './convnet.js';
import { glorot } from './layers.js';
import { readTidy } from '../../core/tensors.js';

export interface TransferOptions {
  /** The pretrained model (e.g. from {@link loadModel} or {@link buildResNet50}). */
  base: tf.LayersModel;
  /** Layer whose output the head reads. Default: the base's output. */
  cutAt?: string;
  numClasses: number;
  seed: number;
}

export interface TransferModel {
  /** The frozen feature extractor: the base up to `cutAt`. */
  features: tf.LayersModel;
  /** GAP + Dense on feature maps (train this on cached features). */
  head: tf.LayersModel;
  /** features -> head, sharing their layers: image in, class scores out. */
  model: tf.LayersModel;
}

/** The base up to layer `cutAt` (its output included), frozen. */
export function cutModel(base: tf.LayersModel, cutAt?: string): tf.LayersModel {
  let output = base.outputs[0] as tf.SymbolicTensor;
  if (cutAt !== undefined) {
    const names = base.layers.map((l) => l.name);
    if (!names.includes(cutAt)) throw new InvalidArgumentError(`model ${base.name} has no layer ${describe(cutAt)}; its last layers are ${names.slice(-5).join(', ')}`);
    output = base.getLayer(cutAt).output as tf.SymbolicTensor;
  }
  const cut = tf.model({ inputs: base.inputs, outputs: output, name: `${base.name}_to_${cutAt ?? 'output'}` });
  cut.trainable = false;
  return cut;
}

export function transferModel(o: TransferOptions): TransferModel {
  const features = cutModel(o.base, o.cutAt);
  const shape = features.outputs[0]?.shape.slice(1) as number[];
  if (shape.length !== 3) throw new InvalidArgumentError(`transfer needs feature maps [height, width, channels] at the cut, got ${describe(shape)}`);
  const rng = new Rng(o.seed).child('transfer-head');
  const units = outputUnits(o.numClasses);
  const gap = tf.layers.globalAveragePooling2d({ name: 'transfer_gap' });
  const dense = tf.layers.dense({ units, activation: units === 1 ? 'sigmoid' : 'softmax', kernelInitializer: glorot(rng), name: 'transfer_output' });
  const fIn = tf.input({ shape, name: 'features_in' });
  const head = tf.model({ inputs: fIn, outputs: dense.apply(gap.apply(fIn)) as tf.SymbolicTensor, name: 'transfer_head' });
  const image = tf.input({ shape: features.inputs[0]?.shape.slice(1) as number[], name: 'image' });
  const out = dense.apply(gap.apply(features.apply(image) as tf.SymbolicTensor)) as tf.SymbolicTensor;
  return { features, head, model: tf.model({ inputs: image, outputs: out, name: 'transfer' }) };
}

/** Runs the frozen extractor over every image once: a dataset of feature maps with the same labels. */
export function extractFeatures(features: tf.LayersModel, data: ImageDataset, batchSize = 32): ImageDataset {
  const shape = features.outputs[0]?.shape.slice(1) as [number, number, number];
  const size = shape[0] * shape[1] * shape[2];
  const out = new Float32Array(data.size * size);
  let at = 0;
  for (const idx of data.batchIndices(batchSize)) {
    const b = data.batch(idx);
    const f = readTidy(() => features.predict(tf.tensor4d(b.x, b.shape)) as tf.Tensor);
    out.set(f, at);
    at += f.length;
  }
  return new ImageDataset({ shape, pixels: out, labels: data.labels.slice(), classNames: data.classNames });
}

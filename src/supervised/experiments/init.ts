/**
 * The weight-initialisation experiment (the tutorial's): a 3-layer MLP (784 -> 100 -> 100 -> 10)
 * on MNIST with naive N(0, 1), Xavier (variance 2 / (fan_in + fan_out)) and He (2 / fan_in)
 * kernels, sigmoid and ReLU activations. For each scenario it records the pre-activation
 * (matrix-multiplication output) variance of every layer on a batch before training and after
 * every epoch, their histograms, and the validation accuracy.
 *
 * The tutorial reasons that naive init gives the first layer a pre-activation variance near
 * 784 x Var(input). With W ~ N(0, 1) independent of x, Var(sum_i w_i x_i) = sum_i E[x_i^2]:
 * it is 784 x E[x^2] (the second moment, not the variance: MNIST pixels do not have mean 0);
 * `expectedNaiveVariance` reports both so the run checks it.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../core/rng.js';
import { meanStd } from '../../core/stats.js';
import type { ImageDataset } from '../data/dataset.js';
import { initDense, type InitKind } from '../models/layers.js';
import { fit } from './common.js';
import { readTidyAll } from '../../core/tensors.js';

export interface InitScenario {
  name: string;
  init: InitKind;
  activation: 'sigmoid' | 'relu';
}

/** The tutorial's scenarios (its first-pass runs are the step-0 statistics of these). */
export const INIT_SCENARIOS: readonly InitScenario[] = [
  { name: 'naive-sigmoid', init: 'naive', activation: 'sigmoid' },
  { name: 'xavier-sigmoid', init: 'xavier', activation: 'sigmoid' },
  { name: 'naive-relu', init: 'naive', activation: 'relu' },
  { name: 'xavier-relu', init: 'xavier', activation: 'relu' },
  { name: 'he-relu', init: 'he', activation: 'relu' },
];

/** The MLP with named dense layers `layer1..3` (linear) and activations, flattening its image input. */
export function initMlp(inputShape: readonly [number, number, number], classes: number, s: InitScenario, seed: number, hidden = 100): tf.LayersModel {
  const rng = new Rng(seed).child(s.name);
  const input = tf.input({ shape: [...inputShape], name: 'image' });
  let x = tf.layers.flatten({ name: 'flatten' }).apply(input) as tf.SymbolicTensor;
  const dense: tf.layers.Layer[] = [];
  for (let i = 1; i <= 3; i++) {
    const layer = tf.layers.dense({ units: i === 3 ? classes : hidden, name: `layer${i}` });
    dense.push(layer);
    x = layer.apply(x) as tf.SymbolicTensor;
    x = tf.layers.activation({ activation: i === 3 ? 'softmax' : s.activation, name: i === 3 ? 'output' : `act${i}` }).apply(x) as tf.SymbolicTensor;
  }
  const model = tf.model({ inputs: input, outputs: x, name: `mlp_${s.name.replace('-', '_')}` });
  for (const layer of dense) initDense(layer, s.init, rng);
  return model;
}

/** Pre-activation values of layers 1-3 (the dense outputs, before the activation) for a batch. */
export function preActivations(model: tf.LayersModel, batch: { x: Float32Array; shape: [number, number, number, number] }): Float32Array[] {
  const probe = tf.model({ inputs: model.inputs, outputs: [1, 2, 3].map((i) => model.getLayer(`layer${i}`).output as tf.SymbolicTensor) });
  return readTidyAll(() => probe.predict(tf.tensor4d(batch.x, batch.shape)) as tf.Tensor[]);
}

export function variance(v: ArrayLike<number>): number {
  return meanStd(v).std ** 2;
}

/** 784 x Var(x) (the tutorial's estimate) and 784 x E[x^2] (the exact expectation under N(0, 1) weights). */
export function expectedNaiveVariance(batch: { x: Float32Array }, fanIn: number): { tutorial: number; exact: number; inputVariance: number; inputSecondMoment: number } {
  const v = variance(batch.x);
  let m2 = 0;
  for (const x of batch.x) m2 += x * x;
  m2 /= batch.x.length;
  return { tutorial: fanIn * v, exact: fanIn * m2, inputVariance: v, inputSecondMoment: m2 };
}

export interface InitScenarioResult extends InitScenario {
  /** Pre-activation variance of layers 1-3 before training, then after every epoch. */
  preActivationVariance: number[][];
  valAccuracy: number[];
  /** Pre-activation values of the probe batch before training (for histograms). */
  initialPreActivations: Float32Array[];
}

export interface InitExperimentOptions {
  train: ImageDataset;
  validation: ImageDataset;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed: number;
  scenarios?: readonly InitScenario[];
  /** Images of the probe batch the variances are measured on. Default 500. */
  probe?: number;
  onEpoch?: (scenario: string, epoch: number, metrics: Record<string, number>, variances: number[], preActs: Float32Array[]) => void;
}

export async function initExperiment(o: InitExperimentOptions): Promise<InitScenarioResult[]> {
  const probe = o.validation.batch(Int32Array.from({ length: Math.min(o.probe ?? 500, o.validation.size) }, (_, i) => i));
  const out: InitScenarioResult[] = [];
  for (const s of o.scenarios ?? INIT_SCENARIOS) {
    const model = initMlp(o.train.shape, o.train.numClasses, s, o.seed);
    try {
      const initial = preActivations(model, probe);
      const variances = [initial.map(variance)];
      o.onEpoch?.(s.name, 0, {}, variances[0] as number[], initial);
      const r = await fit({
        name: s.name, model, train: o.train, validation: o.validation, epochs: o.epochs, batchSize: o.batchSize ?? 100, learningRate: o.learningRate ?? 1e-3, seed: o.seed,
        callbacks: [{
          onEpochEnd: (e) => {
            const pre = preActivations(model, probe);
            variances.push(pre.map(variance));
            o.onEpoch?.(s.name, e.epoch, e.metrics, variances.at(-1) as number[], pre);
          },
        }],
      });
      out.push({ ...s, preActivationVariance: variances, valAccuracy: r.epochs.map((m) => m['val/accuracy'] as number), initialPreActivations: initial });
    } finally {
      model.dispose();
    }
  }
  return out;
}

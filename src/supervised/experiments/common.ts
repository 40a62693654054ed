/** What the experiments share: training a model for some epochs and keeping its per-epoch metrics, and a line chart. */
import type * as tf from '@tensorflow/tfjs';
import type { Metrics } from '../../core/agent.js';
import { TfgymError } from '../../core/errors.js';
import type { Callback } from '../../trainers/callback.js';
import { trainSupervised } from '../../trainers/supervised.js';
import { ClassifierTask } from '../classifier.js';
import type { ImageDataset } from '../data/dataset.js';
import type { Metric } from '../metrics.js';

export interface FitOptions {
  name: string;
  model: tf.LayersModel;
  train: ImageDataset;
  validation: ImageDataset;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  metrics?: Metric[];
  callbacks?: Callback[];
}

export interface FitResult {
  /** Metrics of every epoch (index 0 = epoch 1). */
  epochs: Metrics[];
  seconds: number;
  samplesPerSecond: number;
}

export async function fit(o: FitOptions): Promise<FitResult> {
  const task = new ClassifierTask({ name: o.name, model: o.model, train: o.train, validation: o.validation, batchSize: o.batchSize, learningRate: o.learningRate, seed: o.seed, ...(o.metrics ? { metrics: o.metrics } : {}) });
  const epochs: Metrics[] = [];
  const result = await trainSupervised({ task, epochs: o.epochs, seed: o.seed, callbacks: [...(o.callbacks ?? []), { onEpochEnd: (e) => void epochs.push(e.metrics) }] });
  if (result.reason === 'error') throw new TfgymError(`${o.name}: training failed: ${result.message}`);
  return { epochs, seconds: result.seconds, samplesPerSecond: (epochs.length * o.train.size) / Math.max(result.seconds, 1e-9) };
}

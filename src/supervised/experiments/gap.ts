/**
 * The global-average-pooling experiment: one convolutional head with the three classifier
 * back-ends (fully connected 2x100, the same with dropout, global average pooling), trained on
 * the same data, seed and epochs; validation accuracy per epoch and parameter counts.
 */
import type { ImageDataset } from '../data/dataset.js';
import { BACK_ENDS, buildConvNet, parameterCounts, type BackEnd } from '../models/convnet.js';
import { fit, type FitResult } from './common.js';

export interface GapExperimentOptions {
  train: ImageDataset;
  validation: ImageDataset;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  filters?: readonly number[];
  seed: number;
  /** Called before each model trains. */
  onModel?: (backEnd: BackEnd, parameters: number) => void;
  /** Called after every epoch of every model. */
  onEpoch?: (backEnd: BackEnd, epoch: number, metrics: Record<string, number>) => void;
}

export interface GapExperimentRow {
  backEnd: BackEnd;
  parameters: number;
  valAccuracy: number[];
  trainAccuracy: number[];
  valLoss: number[];
  seconds: number;
}

export async function gapExperiment(o: GapExperimentOptions): Promise<GapExperimentRow[]> {
  const rows: GapExperimentRow[] = [];
  for (const backEnd of BACK_ENDS) {
    const model = buildConvNet({ inputShape: o.train.shape, numClasses: o.train.numClasses, filters: o.filters ?? [32, 32, 64], backEnd, seed: o.seed });
    const parameters = parameterCounts(model).total;
    o.onModel?.(backEnd, parameters);
    let r: FitResult;
    try {
      r = await fit({
        name: backEnd, model, train: o.train, validation: o.validation, epochs: o.epochs, batchSize: o.batchSize ?? 32, learningRate: o.learningRate ?? 1e-3, seed: o.seed,
        callbacks: [{ onEpochEnd: (e) => void o.onEpoch?.(backEnd, e.epoch, e.metrics) }],
      });
    } finally {
      model.dispose();
    }
    rows.push({
      backEnd, parameters, seconds: r.seconds,
      valAccuracy: r.epochs.map((m) => m['val/accuracy'] as number), trainAccuracy: r.epochs.map((m) => m['train/accuracy'] as number), valLoss: r.epochs.map((m) => m['val/loss'] as number),
    });
  }
  return rows;
}

/**
 * Transfer learning demonstrated with what ships (no ImageNet weights can be fetched here):
 * a CNN pretrained on MNIST digits 0-4 is saved, loaded back, cut at its `features` layer,
 * frozen, and given a new GAP + Dense head for digits 5-9 trained on a small labelled set (on
 * cached features); the same architecture (conv head + GAP + Dense) trained from scratch on the
 * same images, epochs and learning rate is the baseline. Both report validation accuracy per epoch on held-out digits 5-9.
 */
import { join } from 'node:path';
import type { ImageDataset } from '../data/dataset.js';
import { samplePerClass, splitDataset } from '../data/split.js';
import { buildConvNet } from '../models/convnet.js';
import { loadModel, saveModel } from '../models/io.js';
import { extractFeatures, transferModel } from '../models/transfer.js';
import { fit } from './common.js';

export interface TransferExperimentOptions {
  /** All digits (labels 0-9). */
  digits: ImageDataset;
  /** Where the pretrained model is saved (and loaded back from). */
  dir: string;
  /** Epochs of pretraining on 0-4. Default 3. */
  pretrainEpochs?: number;
  /** Labelled images per class of 5-9. Default 20. */
  perClass?: number;
  /** Epochs on 5-9, for both models. Default 10. */
  epochs?: number;
  filters?: readonly number[];
  /** Adam's learning rate on 5-9, the same for both models. Default 3e-3. */
  learningRate?: number;
  seed: number;
  print?: (line: string) => void;
}

export interface TransferExperimentResult {
  pretrainAccuracy: number;
  pretrainedModel: string;
  labelled: number;
  transfer: number[];
  scratch: number[];
  transferSeconds: number;
  scratchSeconds: number;
}

export async function transferExperiment(o: TransferExperimentOptions): Promise<TransferExperimentResult> {
  const print = o.print ?? (() => {});
  const low = Int32Array.from(Array.from(o.digits.labels.keys()).filter((i) => (o.digits.labels[i] as number) < 5));
  const high = Int32Array.from(Array.from(o.digits.labels.keys()).filter((i) => (o.digits.labels[i] as number) >= 5));
  const lowData = o.digits.subset(low, { map: (l) => l, classNames: ['0', '1', '2', '3', '4'] });
  const highData = o.digits.subset(high, { map: (l) => l - 5, classNames: ['5', '6', '7', '8', '9'] });
  const [preTrain, preVal] = splitDataset(lowData, [90, 10], o.seed) as [ImageDataset, ImageDataset];
  const filters = o.filters ?? [32, 64, 128];
  print(`pretraining on digits 0-4: ${preTrain.size} images, ${o.pretrainEpochs ?? 3} epochs`);
  // Pretrained with a GAP back-end: the features are then ones that stay informative once
  // averaged over space, which the transferred GAP + Dense head needs.
  const pre = buildConvNet({ inputShape: preTrain.shape, numClasses: 5, filters, backEnd: 'gap', seed: o.seed });
  const preFit = await fit({ name: 'pretrain-0-4', model: pre, train: preTrain, validation: preVal, epochs: o.pretrainEpochs ?? 3, batchSize: 64, learningRate: 3e-3, seed: o.seed });
  const pretrainedModel = await saveModel(pre, join(o.dir, 'pretrained-0-4'));
  pre.dispose();
  print(`pretrained: validation accuracy ${((preFit.epochs.at(-1)?.['val/accuracy'] ?? 0) * 100).toFixed(1)}% on 0-4, saved to ${pretrainedModel}`);

  // A small labelled set of 5-9, the rest of 5-9 held out for validation.
  const labelled = samplePerClass(highData.labels, o.perClass ?? 20, o.seed + 1);
  const chosen = new Set(labelled);
  const train = highData.subset(labelled);
  const validation = highData.subset(Int32Array.from(Array.from(highData.labels.keys()).filter((i) => !chosen.has(i))));
  const epochs = o.epochs ?? 10;

  const base = await loadModel(pretrainedModel);
  const t = transferModel({ base, cutAt: 'features', numClasses: 5, seed: o.seed });
  const cachedTrain = extractFeatures(t.features, train);
  const cachedVal = extractFeatures(t.features, validation);
  print(`transfer: frozen base (${base.name}, cut at "features"), GAP + Dense head, ${train.size} labelled images of 5-9, ${epochs} epochs`);
  const tr = await fit({ name: 'transfer-5-9', model: t.head, train: cachedTrain, validation: cachedVal, epochs, batchSize: 16, learningRate: o.learningRate ?? 3e-3, seed: o.seed });
  base.dispose();
  print(`scratch: the same architecture, random weights, same images and epochs`);
  const scratchModel = buildConvNet({ inputShape: train.shape, numClasses: 5, filters, backEnd: 'gap', seed: o.seed + 7 });
  const sc = await fit({ name: 'scratch-5-9', model: scratchModel, train, validation, epochs, batchSize: 16, learningRate: o.learningRate ?? 3e-3, seed: o.seed });
  scratchModel.dispose();
  return {
    pretrainAccuracy: preFit.epochs.at(-1)?.['val/accuracy'] as number, pretrainedModel, labelled: train.size,
    transfer: tr.epochs.map((m) => m['val/accuracy'] as number), scratch: sc.epochs.map((m) => m['val/accuracy'] as number),
    transferSeconds: tr.seconds, scratchSeconds: sc.seconds,
  };
}

/**
 * Wires a supervised run from a {@link SupervisedConfig}: data (loaded and split), the conv net,
 * the classifier task, and the same callbacks as RL (progress, JSONL/CSV logs, TensorBoard with
 * kernel histograms and sample images, checkpoints, early stopping, the live viewer), then a
 * final evaluation on the held-out test split. `tfgym train --task …` goes through here.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';
import type { RunInfo } from '../core/events.js';
import type { LiveRenderer } from '../render/live.js';
import type { RenderServer } from '../render/server.js';
import { closeViewer, openViewer, type RenderOptions } from '../render/run_viewer.js';
import type { Callback } from '../trainers/callback.js';
import { ConsoleLogger, FileLogger, TensorBoardLogger } from '../trainers/callbacks/loggers.js';
import { ProgressBar } from '../trainers/callbacks/progress.js';
import type { TrainResult } from '../trainers/loop.js';
import { trainSupervised } from '../trainers/supervised.js';
import { BestWeights, EarlyStopping, ModelCheckpoint, SamplePredictions } from './callbacks.js';
import { ClassifierTask, evaluateClassifier } from './classifier.js';
import type { SupervisedConfig } from './config.js';
import { loadCifar10 } from './data/cifar.js';
import type { ImageDataset } from './data/dataset.js';
import { loadImageFolder } from './data/image_folder.js';
import { loadMnist } from './data/mnist.js';
import { splitDataset } from './data/split.js';
import { KernelStd } from './metrics.js';
import { buildConvNet, parameterCounts } from './models/convnet.js';

export interface SplitData {
  train: ImageDataset;
  validation: ImageDataset;
  test: ImageDataset | null;
}

/** Loads the config's data and splits it (stratified, seeded by the config's seed). */
export async function loadTaskData(c: SupervisedConfig, print: (line: string) => void = () => {}): Promise<SplitData> {
  let all: ImageDataset;
  if (c.task === 'mnist') all = loadMnist();
  else if (c.task === 'cifar10') {
    const files = readdirSync(c.data).filter((f) => f.endsWith('.bin')).sort().map((f) => join(c.data, f));
    if (files.length === 0) throw new InvalidArgumentError(`CIFAR-10 folder ${c.data} holds no .bin batch files`);
    all = loadCifar10(files);
  } else {
    const folder = await loadImageFolder(c.data, { size: [c.imageSize[0] as number, c.imageSize[1] as number], channels: c.channels as 1 | 3 });
    for (const s of folder.skipped) print(`skipped ${s.path}: ${s.reason}`);
    all = folder.dataset;
  }
  const parts = splitDataset(all, c.split, c.seed);
  print(`data: ${all.size.toLocaleString('en-US')} images of ${all.shape.join('x')}, ${all.numClasses} classes; split ${parts.map((p) => p.size).join(' / ')} (train / validation${parts.length > 2 ? ' / test' : ''})`);
  return { train: parts[0] as ImageDataset, validation: parts[1] as ImageDataset, test: parts[2] ?? null };
}

export interface SupervisedSessionOptions {
  config: SupervisedConfig;
  runDir: string | null;
  progress: boolean;
  print: (line: string) => void;
  backend: string;
  signal?: AbortSignal;
  render?: RenderOptions;
  extraCallbacks?: Callback[];
}

export interface SupervisedSessionResult {
  result: TrainResult;
  runDir: string | null;
  parameters: { total: number; trainable: number; nonTrainable: number };
  test: { loss: number; accuracy: number } | null;
  /** Images in the test split (0 without one). */
  testImages: number;
  /** The epoch whose weights were evaluated on the test split (with restoreBest), else the last. */
  evaluatedEpoch: number;
  samplesPerSecond: number;
  bestModel: string | null;
}

export async function runSupervisedSession(o: SupervisedSessionOptions): Promise<SupervisedSessionResult> {
  const c = o.config;
  const data = await loadTaskData(c, o.print);
  const model = buildConvNet({ inputShape: data.train.shape, numClasses: data.train.numClasses, filters: c.filters, backEnd: c.backEnd, denseUnits: c.denseUnits, dropout: c.dropout, batchNorm: c.batchNorm, seed: c.seed });
  const parameters = parameterCounts(model);
  o.print(`model: ${model.name}, ${parameters.total.toLocaleString('en-US')} parameters (${parameters.trainable.toLocaleString('en-US')} trainable)`);
  const task = new ClassifierTask({ name: c.task, model, train: data.train, validation: data.validation, batchSize: c.batchSize, learningRate: c.learningRate, learningRateDecay: c.learningRateDecay, epochs: c.epochs, augmentShift: c.augmentShift, seed: c.seed, metrics: [new KernelStd(model.getLayer('output'))] });
  const callbacks: Callback[] = [];
  let viewer: RenderServer | null = null;
  let live: LiveRenderer | null = null;
  if (o.render) {
    ({ viewer, live } = await openViewer(o.render, o.print, 1));
    callbacks.push(live);
  }
  let tensorboard: TensorBoardLogger | null = null;
  let checkpoints: ModelCheckpoint | null = null;
  if (o.runDir) {
    mkdirSync(o.runDir, { recursive: true });
    writeFileSync(join(o.runDir, 'config.json'), `${JSON.stringify(c, null, 2)}\n`);
    callbacks.push(new FileLogger({ dir: o.runDir, interval: 1 }));
    tensorboard = new TensorBoardLogger(join(o.runDir, 'tb'), 1, () => kernelHistograms(model), 1);
    callbacks.push(tensorboard);
    checkpoints = new ModelCheckpoint({ dir: join(o.runDir, 'checkpoints'), model, keep: c.keepCheckpoints });
    callbacks.push(checkpoints);
  }
  if (c.samples > 0 && (live || tensorboard)) {
    const n = Math.min(c.samples, data.validation.size);
    callbacks.push(new SamplePredictions({ model, samples: data.validation.subset(Int32Array.from({ length: n }, (_, i) => i)), live, tensorboard }));
  }
  if (c.earlyStoppingPatience > 0) callbacks.push(new EarlyStopping({ monitor: 'val/loss', patience: c.earlyStoppingPatience }));
  const best = c.restoreBest ? new BestWeights(model) : null;
  if (best) callbacks.push(best);
  callbacks.push(o.progress ? new ProgressBar() : new ConsoleLogger(1, o.print), ...(o.extraCallbacks ?? []));
  const run: RunInfo = { kind: 'supervised', runDir: o.runDir, task: c.task, algorithm: `cnn-${c.backEnd}`, seed: c.seed, config: c as unknown as Record<string, unknown>, total: c.epochs, start: 0, backend: o.backend };
  try {
    const result = await trainSupervised({ task, epochs: c.epochs, seed: c.seed, callbacks, run, ...(o.signal ? { signal: o.signal } : {}) });
    if (best && best.epoch > 0) {
      best.restore();
      o.print(`restored the weights of epoch ${best.epoch} (best validation accuracy) for the test evaluation`);
    }
    const evaluatedEpoch = best && best.epoch > 0 ? best.epoch : result.steps;
    const test = data.test ? evaluateClassifier(model, data.test) : null;
    const epochsDone = result.steps - result.start;
    const samplesPerSecond = (epochsDone * data.train.size) / Math.max(result.seconds, 1e-9);
    if (o.runDir) {
      if (test) writeFileSync(join(o.runDir, 'eval.json'), `${JSON.stringify({ task: c.task, split: 'test', images: data.test?.size, ...test }, null, 2)}\n`);
      writeFileSync(join(o.runDir, 'summary.json'), `${JSON.stringify({ ...result, parameters, test, evaluatedEpoch, samplesPerSecond, bestModel: checkpoints?.bestPath ?? null }, null, 2)}\n`);
    }
    return { result, runDir: o.runDir, parameters, test, testImages: data.test?.size ?? 0, evaluatedEpoch, samplesPerSecond, bestModel: checkpoints?.bestPath ?? null };
  } finally {
    model.dispose();
    if (viewer) await closeViewer(viewer, o.render?.linger ?? 0, o.print, o.signal);
  }
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

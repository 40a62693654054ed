/**
 * Supervised runs from a {@link SupervisedConfig}: data (loaded and split), the conv net, the
 * classifier task, and the same outputs as RL runs (progress, JSONL/CSV logs, TensorBoard with
 * kernel histograms and sample images, the live viewer) plus model checkpoints, early stopping
 * and a final evaluation on the held-out test split. `tfgym train --task …` goes through here.
 */
import { join } from 'node:path';
import type { RunInfo } from '../core/events.js';
import type { RenderOptions } from '../render/run_viewer.js';
import { BestWeights, EarlyStopping, SamplePredictions } from '../supervised/callbacks.js';
import { ModelCheckpoint } from '../supervised/model_checkpoint.js';
import { ClassifierTask, evaluateClassifier } from '../supervised/classifier.js';
import type { SupervisedConfig } from '../supervised/config.js';
import { loadTaskData } from '../supervised/data/load.js';
import { KernelStd } from '../supervised/metrics.js';
import { buildConvNet, kernelHistograms, parameterCounts } from '../supervised/models/convnet.js';
import type { Callback } from '../trainers/callback.js';
import type { TrainResult } from '../trainers/loop.js';
import { trainSupervised } from '../trainers/supervised.js';
import { claimRunFolder, openRunOutputs } from './outputs.js';

export interface SupervisedRunOptions {
  config: SupervisedConfig;
  /** Run folder (created); null writes nothing. */
  runDir: string | null;
  /** Show a progress bar (else a line per epoch). */
  progress: boolean;
  print: (line: string) => void;
  /** The tensor backend in use, for the record. */
  backend: string;
  signal?: AbortSignal;
  /** Stream the run to a live viewer. */
  render?: RenderOptions;
  /** More callbacks (after the run's own). */
  extraCallbacks?: Callback[];
  /** Replace what a non-empty `runDir` holds; without it such a folder is refused. */
  overwrite?: boolean;
}

export interface SupervisedRunResult {
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

/** How a supervised run is described to callbacks. */
export function supervisedRunInfo(c: SupervisedConfig, runDir: string | null, backend: string | null): RunInfo {
  return { kind: 'supervised', runDir, task: c.task, algorithm: `cnn-${c.backEnd}`, seed: c.seed, config: c as unknown as Record<string, unknown>, total: c.epochs, start: 0, backend };
}

export async function runSupervised(o: SupervisedRunOptions): Promise<SupervisedRunResult> {
  const c = o.config;
  if (o.runDir) claimRunFolder(o.runDir, o.overwrite);
  const data = await loadTaskData(c, o.print);
  const model = buildConvNet({ inputShape: data.train.shape, numClasses: data.train.numClasses, filters: c.filters, backEnd: c.backEnd, denseUnits: c.denseUnits, dropout: c.dropout, batchNorm: c.batchNorm, seed: c.seed });
  const parameters = parameterCounts(model);
  o.print(`model: ${model.name}, ${parameters.total.toLocaleString('en-US')} parameters (${parameters.trainable.toLocaleString('en-US')} trainable)`);
  const task = new ClassifierTask({ name: c.task, model, train: data.train, validation: data.validation, batchSize: c.batchSize, learningRate: c.learningRate, epochs: c.epochs, augmentShift: c.augmentShift, seed: c.seed, metrics: [new KernelStd(model.getLayer('output'))] });
  const outputs = await openRunOutputs({
    runDir: o.runDir, progress: o.progress, print: o.print, logInterval: 1, printInterval: 1, histograms: () => kernelHistograms(model), histogramInterval: 1,
    ...(o.render ? { render: o.render } : {}), ...(o.signal ? { signal: o.signal } : {}),
  }).catch((e: unknown) => {
    model.dispose();
    throw e;
  });
  const callbacks: Callback[] = [];
  let checkpoints: ModelCheckpoint | null = null;
  if (o.runDir) {
    outputs.writeJson('config.json', c);
    checkpoints = new ModelCheckpoint({ dir: join(o.runDir, 'checkpoints'), model, keep: c.keepCheckpoints });
    callbacks.push(checkpoints);
  }
  if (c.samples > 0 && (o.runDir || o.render)) {
    const n = Math.min(c.samples, data.validation.size);
    callbacks.push(new SamplePredictions({ model, samples: data.validation.subset(Int32Array.from({ length: n }, (_, i) => i)) }));
  }
  if (c.earlyStoppingPatience > 0) callbacks.push(new EarlyStopping({ monitor: 'val/loss', patience: c.earlyStoppingPatience }));
  const best = c.restoreBest ? new BestWeights(model) : null;
  if (best) callbacks.push(best);
  callbacks.push(...outputs.callbacks, ...(o.extraCallbacks ?? []));
  try {
    const result = await trainSupervised({ task, epochs: c.epochs, seed: c.seed, callbacks, run: supervisedRunInfo(c, o.runDir, o.backend), ...(o.signal ? { signal: o.signal } : {}) });
    if (best && best.epoch > 0) {
      best.restore();
      o.print(`restored the weights of epoch ${best.epoch} (best validation accuracy) for the test evaluation`);
    }
    const evaluatedEpoch = best && best.epoch > 0 ? best.epoch : result.steps;
    const test = data.test ? evaluateClassifier(model, data.test) : null;
    const epochsDone = result.steps - result.start;
    const samplesPerSecond = (epochsDone * data.train.size) / Math.max(result.seconds, 1e-9);
    const bestModel = checkpoints?.bestPath ?? null;
    if (test) outputs.writeJson('eval.json', { task: c.task, split: 'test', images: data.test?.size, ...test });
    outputs.writeJson('summary.json', { ...result, parameters, test, evaluatedEpoch, samplesPerSecond, bestModel });
    return { result, runDir: o.runDir, parameters, test, testImages: data.test?.size ?? 0, evaluatedEpoch, samplesPerSecond, bestModel };
  } finally {
    model.dispose();
    await outputs.close();
  }
}

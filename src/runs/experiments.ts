/**
 * The supervised experiments of the tutorials as runs: `gap` (FC vs FC + dropout vs GAP heads),
 * `init` (naive vs Xavier vs He initialisation) and `transfer` (a frozen pretrained base vs
 * training from scratch). Each prints its progress and table, and writes its run folder:
 * results.json, validation_accuracy.svg and one tb/<model>/ folder per model.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { supervisedConfig, type SupervisedConfig } from '../supervised/config.js';
import type { ImageDataset } from '../supervised/data/dataset.js';
import { loadTaskData } from '../supervised/data/load.js';
import { loadMnist } from '../supervised/data/mnist.js';
import { stratifiedSample } from '../supervised/data/split.js';
import { seriesChartSvg } from './plots.js';
import { gapExperiment } from '../supervised/experiments/gap.js';
import { expectedNaiveVariance, initExperiment } from '../supervised/experiments/init.js';
import { transferExperiment } from '../supervised/experiments/transfer.js';
import { EventFileWriter } from '../trainers/tensorboard/event_file.js';
import { claimRunFolder, writeFileAtomic } from './outputs.js';

const EXPERIMENTS = ['gap', 'init', 'transfer'] as const;

/** MNIST (or an image folder with `data`) split for an experiment, optionally cut to `limit` training images. */
async function experimentData(o: ExperimentOptions, seed: number): Promise<{ train: ImageDataset; validation: ImageDataset }> {
  const base: Partial<SupervisedConfig> = o.data !== undefined ? { task: 'image-folder', data: resolve(o.data) } : { task: 'mnist', split: [70, 10, 20] };
  const data = await loadTaskData(supervisedConfig({ ...base, seed }), o.print);
  const limit = o.limit;
  if (limit === undefined) return data;
  if (limit < data.train.numClasses) throw new InvalidArgumentError(`--limit must be at least the number of classes (${data.train.numClasses}), got ${limit}`);
  return { train: stratifiedSample(data.train, limit, seed), validation: stratifiedSample(data.validation, Math.max(data.train.numClasses, Math.round(limit / 4)), seed) };
}

export interface ExperimentOptions {
  /** Which experiment: `gap`, `init` or `transfer`. */
  name: string;
  /** The run folder (created). */
  runDir: string;
  /** Seed of the data split and every model. Default 0. */
  seed?: number;
  /** Epochs per model. Default 5 (gap), 3 (init), 10 (transfer). */
  epochs?: number;
  /** An image folder instead of MNIST (gap and init). */
  data?: string;
  /** Train on this many images (stratified). */
  limit?: number;
  /** transfer: labelled images per class of the new task. Default 20. */
  perClass?: number;
  print: (line: string) => void;
  /** Replace what a non-empty `runDir` holds; without it such a folder is refused. */
  overwrite?: boolean;
}

/** Runs one of the supervised experiments, prints its table and writes results.json, a chart and tb/. */
export async function runExperiment(o: ExperimentOptions): Promise<Record<string, unknown>> {
  const { name, runDir } = o;
  if (!EXPERIMENTS.includes(name as (typeof EXPERIMENTS)[number])) throw new InvalidArgumentError(`experiment must be one of ${EXPERIMENTS.join(', ')}, got ${describe(name)}`);
  const seed = o.seed ?? 0;
  const epochs = o.epochs;
  if (epochs === 0) throw new InvalidArgumentError('--epochs must be a positive integer, got 0');
  claimRunFolder(runDir, o.overwrite);
  const writers = new Map<string, EventFileWriter>();
  const tb = (run: string): EventFileWriter => {
    let w = writers.get(run);
    if (!w) {
      mkdirSync(join(runDir, 'tb', run), { recursive: true });
      writers.set(run, (w = new EventFileWriter(join(runDir, 'tb', run))));
    }
    return w;
  };
  let summary: Record<string, unknown>;
  if (name === 'gap') summary = await gapRun(o, seed, epochs ?? 5, tb);
  else if (name === 'init') summary = await initRun(o, seed, epochs ?? 3, tb);
  else summary = await transferRun(o, seed, epochs ?? 10, tb);
  writeFileAtomic(join(runDir, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { run_dir: runDir, experiment: name, seed, ...summary };
}

type Tb = (run: string) => EventFileWriter;

async function gapRun(o: ExperimentOptions, seed: number, epochs: number, tb: Tb): Promise<Record<string, unknown>> {
  const { runDir, print } = o;
  const data = await experimentData(o, seed);
  const rows = await gapExperiment({
    ...data, epochs, seed,
    onModel: (b, n) => print(`${b}: ${n.toLocaleString('en-US')} parameters, ${epochs} epochs`),
    onEpoch: (b, e, m) => {
      tb(b).scalars(m, e);
      print(`  ${b} epoch ${e}: train accuracy ${((m['train/accuracy'] ?? 0) * 100).toFixed(1)}%, validation accuracy ${((m['val/accuracy'] ?? 0) * 100).toFixed(1)}%`);
    },
  });
  print('\nvalidation accuracy per epoch');
  print(`${'back-end'.padEnd(12)}${'parameters'.padStart(12)}  ${Array.from({ length: epochs }, (_, i) => `ep ${i + 1}`.padStart(7)).join('')}`);
  for (const r of rows) print(`${r.backEnd.padEnd(12)}${r.parameters.toLocaleString('en-US').padStart(12)}  ${r.valAccuracy.map((a) => `${(a * 100).toFixed(1)}%`.padStart(7)).join('')}`);
  writeFileSync(join(runDir, 'validation_accuracy.svg'), await seriesChartSvg('Validation accuracy: FC vs FC + dropout vs GAP', Object.fromEntries(rows.map((r) => [r.backEnd, r.valAccuracy])), 'validation accuracy'));
  print(`chart: ${join(runDir, 'validation_accuracy.svg')}`);
  return { train_images: data.train.size, validation_images: data.validation.size, epochs, models: rows.map((r) => ({ back_end: r.backEnd, parameters: r.parameters, val_accuracy: r.valAccuracy, final_val_accuracy: r.valAccuracy.at(-1), seconds: r.seconds })) };
}

async function initRun(o: ExperimentOptions, seed: number, epochs: number, tb: Tb): Promise<Record<string, unknown>> {
  const { runDir, print } = o;
  const data = await experimentData(o, seed);
  const probe = data.validation.batch(Int32Array.from({ length: Math.min(500, data.validation.size) }, (_, i) => i));
  const fanIn = data.train.imageSize;
  const expected = expectedNaiveVariance(probe, fanIn);
  print(`input: variance ${expected.inputVariance.toFixed(4)}, E[x^2] ${expected.inputSecondMoment.toFixed(4)}; naive N(0, 1) layer 1 expects ${fanIn} x Var(x) = ${expected.tutorial.toFixed(1)} (tutorial) or ${fanIn} x E[x^2] = ${expected.exact.toFixed(1)} (exact)`);
  const results = await initExperiment({
    ...data, epochs, seed,
    onEpoch: (s, e, m, vars, pre) => {
      const w = tb(s);
      w.scalars({ ...m, input_var: expected.inputVariance, ...Object.fromEntries(vars.map((v, i) => [`mat_mul_var_${i + 1}`, v])) }, e);
      pre.forEach((values, i) => w.histogram(`mat_mul_hist_${i + 1}`, values, e));
      print(`  ${s.padEnd(15)} epoch ${e}: pre-activation variance ${vars.map((v) => v.toPrecision(3)).join(' / ')}${m['val/accuracy'] !== undefined ? `, validation accuracy ${((m['val/accuracy'] as number) * 100).toFixed(1)}%` : ''}`);
    },
  });
  print('\npre-activation variance before training (layers 1 / 2 / 3) and final validation accuracy');
  for (const r of results) print(`${r.name.padEnd(16)}${(r.preActivationVariance[0] ?? []).map((v) => v.toPrecision(4).padStart(11)).join('')}   ${((r.valAccuracy.at(-1) ?? 0) * 100).toFixed(1)}%`);
  writeFileSync(join(runDir, 'validation_accuracy.svg'), await seriesChartSvg('Validation accuracy by initialisation', Object.fromEntries(results.map((r) => [r.name, r.valAccuracy])), 'validation accuracy'));
  return {
    input_variance: expected.inputVariance, input_second_moment: expected.inputSecondMoment, expected_naive_layer1: { tutorial: expected.tutorial, exact: expected.exact },
    scenarios: results.map((r) => ({ name: r.name, init: r.init, activation: r.activation, pre_activation_variance: r.preActivationVariance, val_accuracy: r.valAccuracy })),
  };
}

async function transferRun(o: ExperimentOptions, seed: number, epochs: number, tb: Tb): Promise<Record<string, unknown>> {
  const { runDir, print } = o;
  if (o.data !== undefined) throw new InvalidArgumentError('experiment transfer runs on the MNIST digits that ship with the package; --data is not used');
  const perClass = o.perClass ?? 20;
  const limit = o.limit;
  const digits = limit === undefined ? loadMnist() : stratifiedSample(loadMnist(), limit, seed);
  const r = await transferExperiment({ digits, dir: runDir, epochs, perClass, seed, print });
  r.transfer.forEach((a, i) => tb('transfer').scalar('val/accuracy', a, i + 1));
  r.scratch.forEach((a, i) => tb('scratch').scalar('val/accuracy', a, i + 1));
  print('\nvalidation accuracy on digits 5-9 per epoch');
  print(`${'transfer'.padEnd(10)}${r.transfer.map((a) => `${(a * 100).toFixed(1)}%`.padStart(7)).join('')}   (${r.transferSeconds.toFixed(1)} s, head on cached features)`);
  print(`${'scratch'.padEnd(10)}${r.scratch.map((a) => `${(a * 100).toFixed(1)}%`.padStart(7)).join('')}   (${r.scratchSeconds.toFixed(1)} s)`);
  writeFileSync(join(runDir, 'validation_accuracy.svg'), await seriesChartSvg('Digits 5-9: transferred frozen base vs from scratch', { transfer: r.transfer, scratch: r.scratch }, 'validation accuracy'));
  return { pretrain_accuracy_0_4: r.pretrainAccuracy, pretrained_model: r.pretrainedModel, labelled_images: r.labelled, epochs, transfer: r.transfer, scratch: r.scratch, transfer_seconds: r.transferSeconds, scratch_seconds: r.scratchSeconds };
}

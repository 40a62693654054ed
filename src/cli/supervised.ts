/**
 * The supervised commands of `tfgym`: `train --task mnist|image-folder|cifar10` (or `--preset
 * mnist`) and `experiment gap|init|transfer`. Each prints progress, writes a run folder, and
 * returns the JSON summary the CLI prints with --json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, TfgymError, describe } from '../core/errors.js';
import { supervisedConfig, SUPERVISED_PRESETS, type SupervisedConfig } from '../supervised/config.js';
import type { ImageDataset } from '../supervised/data/dataset.js';
import { loadMnist } from '../supervised/data/mnist.js';
import { stratifiedSample } from '../supervised/data/split.js';
import { lineChartSvg } from '../supervised/experiments/common.js';
import { gapExperiment } from '../supervised/experiments/gap.js';
import { expectedNaiveVariance, initExperiment } from '../supervised/experiments/init.js';
import { transferExperiment } from '../supervised/experiments/transfer.js';
import { loadTaskData } from '../supervised/data/load.js';
import { runSupervised } from '../runs/supervised.js';
import { EventFileWriter } from '../trainers/tensorboard/event_file.js';
import { backendFor, intOption, layeredConfig, runSetup, timestamp, type CliIo, type Parsed } from './options.js';

/** Whether `train` should run a supervised task (a --task, or a supervised preset). */
export function isSupervisedTrain(p: Parsed): boolean {
  return typeof p.values.task === 'string' || (typeof p.values.preset === 'string' && p.values.preset in SUPERVISED_PRESETS);
}

export async function trainTask(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  const v = p.values;
  for (const k of ['env', 'agent', 'steps']) if (v[k] !== undefined) throw new InvalidArgumentError(`--${k} is for RL training; supervised runs (--task) take --epochs`);
  let base = {};
  if (typeof v.preset === 'string') {
    const preset = SUPERVISED_PRESETS[v.preset];
    if (!preset) throw new InvalidArgumentError(`unknown supervised preset ${describe(v.preset)}; presets: ${Object.keys(SUPERVISED_PRESETS).join(', ')}`);
    base = preset;
  }
  const flags = { task: v.task, data: typeof v.data === 'string' ? resolve(v.data) : undefined, seed: intOption(v, 'seed'), epochs: intOption(v, 'epochs') };
  const config = supervisedConfig(layeredConfig(v, base, flags));
  const setup = await runSetup(v, io, `${config.task}-cnn-${config.backEnd}-s${config.seed}`);
  const { runDir } = setup;
  const s = await runSupervised({ config, ...setup });
  if (s.test) io.print(`test: accuracy ${(s.test.accuracy * 100).toFixed(2)}%, loss ${s.test.loss.toFixed(4)} (weights of epoch ${s.evaluatedEpoch})`);
  io.print(`${s.result.reason}: ${s.result.steps} epochs in ${s.result.seconds.toFixed(1)} s, ${Math.round(s.samplesPerSecond)} training images/s${s.result.message ? ` (${s.result.message})` : ''}`);
  if (s.result.reason === 'error') throw new TfgymError(`training failed: ${s.result.message}`);
  return {
    run_dir: runDir, task: config.task, back_end: config.backEnd, seed: config.seed, epochs: s.result.steps, reason: s.result.reason,
    wall_seconds: Number(s.result.seconds.toFixed(3)), samples_per_second: Math.round(s.samplesPerSecond), parameters: s.parameters,
    test: s.test, evaluated_epoch: s.evaluatedEpoch, best_model: s.bestModel,
  };
}

const EXPERIMENTS = ['gap', 'init', 'transfer'] as const;

/** MNIST (or an image folder with --data) split for an experiment, optionally cut to --limit training images. */
async function experimentData(p: Parsed, seed: number, io: CliIo): Promise<{ train: ImageDataset; validation: ImageDataset }> {
  const base: Partial<SupervisedConfig> = typeof p.values.data === 'string' ? { task: 'image-folder', data: resolve(p.values.data) } : { task: 'mnist', split: [70, 10, 20] };
  const data = await loadTaskData(supervisedConfig({ ...base, seed }), io.print);
  const limit = intOption(p.values, 'limit');
  if (limit === undefined) return data;
  if (limit < data.train.numClasses) throw new InvalidArgumentError(`--limit must be at least the number of classes (${data.train.numClasses}), got ${limit}`);
  return { train: stratifiedSample(data.train, limit, seed), validation: stratifiedSample(data.validation, Math.max(data.train.numClasses, Math.round(limit / 4)), seed) };
}

export async function experiment(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  const name = p.positionals[0];
  if (!EXPERIMENTS.includes(name as (typeof EXPERIMENTS)[number])) throw new InvalidArgumentError(`experiment must be one of ${EXPERIMENTS.join(', ')}, got ${describe(name)}`);
  const seed = intOption(p.values, 'seed') ?? 0;
  const epochs = intOption(p.values, 'epochs');
  if (epochs === 0) throw new InvalidArgumentError('--epochs must be a positive integer, got 0');
  await backendFor(p.values, io);
  const runDir = resolve(typeof p.values.out === 'string' ? p.values.out : join('runs', `experiment-${name}-s${seed}-${timestamp()}`));
  mkdirSync(runDir, { recursive: true });
  io.print(`run folder: ${runDir}`);
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
  if (name === 'gap') summary = await gapCommand(p, io, seed, epochs ?? 5, runDir, tb);
  else if (name === 'init') summary = await initCommand(p, io, seed, epochs ?? 3, runDir, tb);
  else summary = await transferCommand(p, io, seed, epochs ?? 10, runDir, tb);
  writeFileSync(join(runDir, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { run_dir: runDir, experiment: name, seed, ...summary };
}

type Tb = (run: string) => EventFileWriter;

async function gapCommand(p: Parsed, io: CliIo, seed: number, epochs: number, runDir: string, tb: Tb): Promise<Record<string, unknown>> {
  const data = await experimentData(p, seed, io);
  const rows = await gapExperiment({
    ...data, epochs, seed,
    onModel: (b, n) => io.print(`${b}: ${n.toLocaleString('en-US')} parameters, ${epochs} epochs`),
    onEpoch: (b, e, m) => {
      tb(b).scalars(m, e);
      io.print(`  ${b} epoch ${e}: train accuracy ${((m['train/accuracy'] ?? 0) * 100).toFixed(1)}%, validation accuracy ${((m['val/accuracy'] ?? 0) * 100).toFixed(1)}%`);
    },
  });
  io.print('\nvalidation accuracy per epoch');
  io.print(`${'back-end'.padEnd(12)}${'parameters'.padStart(12)}  ${Array.from({ length: epochs }, (_, i) => `ep ${i + 1}`.padStart(7)).join('')}`);
  for (const r of rows) io.print(`${r.backEnd.padEnd(12)}${r.parameters.toLocaleString('en-US').padStart(12)}  ${r.valAccuracy.map((a) => `${(a * 100).toFixed(1)}%`.padStart(7)).join('')}`);
  writeFileSync(join(runDir, 'validation_accuracy.svg'), lineChartSvg('Validation accuracy: FC vs FC + dropout vs GAP', Object.fromEntries(rows.map((r) => [r.backEnd, r.valAccuracy])), 'validation accuracy'));
  io.print(`chart: ${join(runDir, 'validation_accuracy.svg')}`);
  return { train_images: data.train.size, validation_images: data.validation.size, epochs, models: rows.map((r) => ({ back_end: r.backEnd, parameters: r.parameters, val_accuracy: r.valAccuracy, final_val_accuracy: r.valAccuracy.at(-1), seconds: r.seconds })) };
}

async function initCommand(p: Parsed, io: CliIo, seed: number, epochs: number, runDir: string, tb: Tb): Promise<Record<string, unknown>> {
  const data = await experimentData(p, seed, io);
  const probe = data.validation.batch(Int32Array.from({ length: Math.min(500, data.validation.size) }, (_, i) => i));
  const fanIn = data.train.imageSize;
  const expected = expectedNaiveVariance(probe, fanIn);
  io.print(`input: variance ${expected.inputVariance.toFixed(4)}, E[x^2] ${expected.inputSecondMoment.toFixed(4)}; naive N(0, 1) layer 1 expects ${fanIn} x Var(x) = ${expected.tutorial.toFixed(1)} (tutorial) or ${fanIn} x E[x^2] = ${expected.exact.toFixed(1)} (exact)`);
  const results = await initExperiment({
    ...data, epochs, seed,
    onEpoch: (s, e, m, vars, pre) => {
      const w = tb(s);
      w.scalars({ ...m, input_var: expected.inputVariance, ...Object.fromEntries(vars.map((v, i) => [`mat_mul_var_${i + 1}`, v])) }, e);
      pre.forEach((values, i) => w.histogram(`mat_mul_hist_${i + 1}`, values, e));
      io.print(`  ${s.padEnd(15)} epoch ${e}: pre-activation variance ${vars.map((v) => v.toPrecision(3)).join(' / ')}${m['val/accuracy'] !== undefined ? `, validation accuracy ${((m['val/accuracy'] as number) * 100).toFixed(1)}%` : ''}`);
    },
  });
  io.print('\npre-activation variance before training (layers 1 / 2 / 3) and final validation accuracy');
  for (const r of results) io.print(`${r.name.padEnd(16)}${(r.preActivationVariance[0] ?? []).map((v) => v.toPrecision(4).padStart(11)).join('')}   ${((r.valAccuracy.at(-1) ?? 0) * 100).toFixed(1)}%`);
  writeFileSync(join(runDir, 'validation_accuracy.svg'), lineChartSvg('Validation accuracy by initialisation', Object.fromEntries(results.map((r) => [r.name, r.valAccuracy])), 'validation accuracy'));
  return {
    input_variance: expected.inputVariance, input_second_moment: expected.inputSecondMoment, expected_naive_layer1: { tutorial: expected.tutorial, exact: expected.exact },
    scenarios: results.map((r) => ({ name: r.name, init: r.init, activation: r.activation, pre_activation_variance: r.preActivationVariance, val_accuracy: r.valAccuracy })),
  };
}

async function transferCommand(p: Parsed, io: CliIo, seed: number, epochs: number, runDir: string, tb: Tb): Promise<Record<string, unknown>> {
  if (typeof p.values.data === 'string') throw new InvalidArgumentError('experiment transfer runs on the MNIST digits that ship with the package; --data is not used');
  const perClass = intOption(p.values, 'per-class') ?? 20;
  const limit = intOption(p.values, 'limit');
  const digits = limit === undefined ? loadMnist() : stratifiedSample(loadMnist(), limit, seed);
  const r = await transferExperiment({ digits, dir: runDir, epochs, perClass, seed, print: io.print });
  r.transfer.forEach((a, i) => tb('transfer').scalar('val/accuracy', a, i + 1));
  r.scratch.forEach((a, i) => tb('scratch').scalar('val/accuracy', a, i + 1));
  io.print('\nvalidation accuracy on digits 5-9 per epoch');
  io.print(`${'transfer'.padEnd(10)}${r.transfer.map((a) => `${(a * 100).toFixed(1)}%`.padStart(7)).join('')}   (${r.transferSeconds.toFixed(1)} s, head on cached features)`);
  io.print(`${'scratch'.padEnd(10)}${r.scratch.map((a) => `${(a * 100).toFixed(1)}%`.padStart(7)).join('')}   (${r.scratchSeconds.toFixed(1)} s)`);
  writeFileSync(join(runDir, 'validation_accuracy.svg'), lineChartSvg('Digits 5-9: transferred frozen base vs from scratch', { transfer: r.transfer, scratch: r.scratch }, 'validation accuracy'));
  return { pretrain_accuracy_0_4: r.pretrainAccuracy, pretrained_model: r.pretrainedModel, labelled_images: r.labelled, epochs, transfer: r.transfer, scratch: r.scratch, transfer_seconds: r.transferSeconds, scratch_seconds: r.scratchSeconds };
}

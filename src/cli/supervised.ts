/**
 * The supervised commands of `tfgym`: `train --task mnist|image-folder|cifar10` (or `--preset
 * mnist`) and `experiment gap|init|transfer`. Each prints progress, writes a run folder, and
 * returns the JSON summary the CLI prints with --json.
 */
import { resolve } from 'node:path';
import { InvalidArgumentError, TfgymError, describe } from '../core/errors.js';
import { supervisedConfig, SUPERVISED_PRESETS } from '../supervised/config.js';
import { runExperiment } from '../runs/experiments.js';
import { runSupervised } from '../runs/supervised.js';
import { backendFor, intOption, layeredConfig, runFolder, runSetup, type CliIo, type Parsed } from './options.js';

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

/** `tfgym experiment NAME`: the options, then the runs library. */
export async function experiment(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  const name = p.positionals[0] ?? '';
  const seed = intOption(p.values, 'seed') ?? 0;
  const epochs = intOption(p.values, 'epochs');
  const limit = intOption(p.values, 'limit');
  const perClass = intOption(p.values, 'per-class');
  await backendFor(p.values, io);
  const runDir = runFolder(p.values, io, `experiment-${name}-s${seed}`);
  return runExperiment({
    name, runDir, seed, print: io.print, overwrite: p.values.overwrite === true, ...(epochs !== undefined ? { epochs } : {}), ...(limit !== undefined ? { limit } : {}),
    ...(perClass !== undefined ? { perClass } : {}), ...(typeof p.values.data === 'string' ? { data: p.values.data } : {}),
  });
}

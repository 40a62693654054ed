/**
 * `tfgym benchmark`: a matrix of agents x envs x seeds, each run a separate `tfgym train` process
 * (so a crash or a kill takes down one run only, and the runs use every core), `jobs` at a time.
 * Every run starts from its pair's tuned entry; its final model and its delivered model (`best/`)
 * are tested on the same fresh episodes, whose seeds no periodic evaluation used. The folder keeps
 * one sub-folder per run; running the same benchmark again skips the runs that finished and
 * trains the others from the start (so every result comes from one uninterrupted run).
 *
 * OUT/benchmark.json   what the folder holds (format marker, the last command's matrix)
 * OUT/configs/ID.json  each run's whole config (a run whose config differs is another benchmark's)
 * OUT/runs/ID/         each run's folder (summary.json, best/, checkpoints/, logs)
 * OUT/logs/ID.log      each run's output
 * OUT/results.json, OUT/results.md, OUT/plots/*.svg: see benchmark_report.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentEntry, checkAgentSpaces } from '../agents/registry.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { make } from '../envs/registry.js';
import { runPool } from '../core/pool.js';
import { trainConfig, type TrainConfig } from './config.js';
import { resolveTrainConfig, tunedEntry } from './hyperparams.js';
import { writeFileAtomic } from './outputs.js';
import { writeBenchmarkReport, type BenchmarkReport, type RunOutcome } from './benchmark_report.js';
import type { RedisTarget } from './distributed/redis.js';
import { runQueued } from './distributed/queue.js';

const FORMAT = 'tfgym-benchmark';
const BIN = fileURLToPath(new URL('../../bin/tfgym.js', import.meta.url));

export interface BenchmarkOptions {
  /** Agents x envs: every agent on every env. */
  agents?: readonly string[];
  envs?: readonly string[];
  /** Or the (agent, env) pairs themselves. */
  pairs?: readonly (readonly [agent: string, env: string])[];
  seeds: readonly number[];
  /** Env steps of every run, instead of each pair's budget (its tuned entry's `steps`). */
  steps?: number;
  /** Config keys every run takes over its pair's tuned entry (as `tfgym train --config`; agentConfig merges key by key). */
  config?: Record<string, unknown>;
  /** Runs at a time. Default: the number of cores. */
  jobs?: number;
  /** The benchmark's folder. */
  out: string;
  /** Fresh episodes each model is tested on. Default 100. */
  testEpisodes?: number;
  /** Tensor backend the runs use (default: theirs, auto). */
  backend?: string;
  /** Modules each run imports first (the user's envs and agents). */
  imports?: readonly string[];
  print: (line: string) => void;
  /** Stops starting runs, and interrupts the running ones (they are trained again next time). */
  signal?: AbortSignal;
  /** Called as each run's process starts. */
  onSpawn?: (run: PlannedRun, child: ChildProcess) => void;
  /** Queue the runs as jobs on this Redis (BullMQ) for `tfgym worker`s, instead of training them here. */
  redis?: RedisTarget;
}

export interface PlannedRun {
  id: string;
  agent: string;
  env: string;
  seed: number;
  config: Readonly<TrainConfig>;
}

/** Every run of the matrix with its whole config; bad names and pairs without a budget are refused here. */
export function planBenchmark(options: Pick<BenchmarkOptions, 'agents' | 'envs' | 'pairs' | 'seeds' | 'steps' | 'testEpisodes' | 'config'>): PlannedRun[] {
  const pairs = benchmarkPairs(options);
  if (options.seeds.length === 0) throw new InvalidArgumentError('benchmark needs at least one seed, got none');
  const runs: PlannedRun[] = [];
  for (const [agent, env] of pairs) {
    const probe = make(env); // an unknown id fails here, with suggestions
    checkAgentSpaces(agentEntry(agent), probe.observationSpace, probe.actionSpace, env);
    probe.close();
    if (options.steps === undefined && !tunedEntry(agent, env)) {
      throw new InvalidArgumentError(`benchmark: ${agent}/${env} has no tuned entry and so no step budget; give --steps N (tfgym hyperparams lists the entries)`);
    }
    for (const seed of options.seeds) {
      const flags = { agent, env, seed, testEpisodes: options.testEpisodes ?? 100, ...(options.steps !== undefined ? { steps: options.steps } : {}) };
      const { config } = resolveTrainConfig(undefined, options.config ?? {}, flags);
      runs.push({ id: `${agent}-${env}-s${seed}`, agent, env, seed, config });
    }
  }
  return runs;
}

/** The (agent, env) pairs: given, or agents x envs; each once. */
function benchmarkPairs(options: Pick<BenchmarkOptions, 'agents' | 'envs' | 'pairs'>): [string, string][] {
  if (options.pairs && (options.agents || options.envs)) throw new InvalidArgumentError('benchmark takes pairs, or agents and envs, not both');
  const pairs = options.pairs ? options.pairs.map(([a, e]) => [a, e] as [string, string]) : (options.agents ?? []).flatMap((a) => (options.envs ?? []).map((e) => [a, e] as [string, string]));
  if (pairs.length === 0) throw new InvalidArgumentError(`benchmark needs at least one (agent, env) pair, got agents ${describe(options.agents ?? [])}, envs ${describe(options.envs ?? [])}`);
  return pairs.filter(([a, e], i) => pairs.findIndex(([b, f]) => a === b && e === f) === i);
}

/** Refuses a folder that holds something else, or runs of another benchmark (before anything is written). */
function checkFolder(out: string, runs: readonly PlannedRun[]): void {
  if (!existsSync(out) || readdirSync(out).length === 0) return;
  const marker = join(out, 'benchmark.json');
  let format: unknown = null;
  try {
    format = (JSON.parse(readFileSync(marker, 'utf8')) as { format?: unknown }).format;
  } catch {
    // no marker, or not JSON: not a benchmark folder
  }
  if (format !== FORMAT) throw new InvalidArgumentError(`benchmark --out ${out} is not empty and holds no tfgym benchmark (no benchmark.json); give an empty or new folder`);
  for (const run of runs) {
    const file = join(out, 'configs', `${run.id}.json`);
    if (!existsSync(file)) continue;
    // Through the schema: keys added to TrainConfig since the folder was written take their defaults.
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    let before: Record<string, unknown> = raw;
    try {
      before = trainConfig(raw) as unknown as Record<string, unknown>;
    } catch {
      // not a valid config any more: compared as written, so the difference is named below
    }
    const diff = firstDifference(before, run.config as unknown as Record<string, unknown>);
    if (diff) throw new InvalidArgumentError(`benchmark --out ${out} holds another benchmark's run ${run.id}: its ${diff}; give another --out (nothing was changed)`);
  }
}

/** The first key at which two configs differ, as a phrase, or null. */
function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>, prefix = ''): string | null {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const [x, y] = [a[key], b[key]];
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null && !Array.isArray(x)) {
      const inner = firstDifference(x as Record<string, unknown>, y as Record<string, unknown>, `${prefix}${key}.`);
      if (inner) return inner;
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      return `${prefix}${key} was ${JSON.stringify(x)}, this benchmark asks ${JSON.stringify(y)}`;
    }
  }
  return null;
}

/**
 * A finished run's summary, or null: the run completed its budget, or was stopped by a callback
 * (an entry's `stopAtThreshold`: its budget is a ceiling), and its models were tested.
 */
export function finishedSummary(runDir: string): Record<string, unknown> | null {
  try {
    const s = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Record<string, unknown>;
    return (s.reason === 'completed' || s.reason === 'stopped') && s.final_test && s.delivered ? s : null;
  } catch {
    return null;
  }
}

/** Where one benchmark run's process reads and writes. */
export interface RunFiles {
  /** Its whole config (written before). */
  configFile: string;
  runDir: string;
  log: string;
}

/** Trains one run in its own `tfgym train` process; resolves with its outcome (never rejects). */
export function trainRunProcess(run: PlannedRun, files: RunFiles, options: Pick<BenchmarkOptions, 'backend' | 'imports' | 'signal' | 'onSpawn'>, env: NodeJS.ProcessEnv = process.env): Promise<RunOutcome> {
  const { runDir, log } = files;
  // --preset none: the config file is the whole run, not layered over today's tuned entry.
  const args = [BIN, 'train', '--preset', 'none', '--config', files.configFile, '--out', runDir, '--overwrite', '--json', '--no-progress'];
  if (options.backend) args.push('--backend', options.backend);
  for (const f of options.imports ?? []) args.push('--import', resolve(f));
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const sink = createWriteStream(log);
    let tail = '';
    const keep = (chunk: Buffer) => {
      sink.write(chunk);
      tail = (tail + chunk.toString()).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    options.onSpawn?.(run, child);
    const abort = () => child.kill('SIGINT');
    options.signal?.addEventListener('abort', abort, { once: true });
    let spawnError: Error | null = null;
    child.on('error', (e) => void (spawnError = e));
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', abort);
      sink.end();
      const summary = finishedSummary(runDir);
      if (code === 0 && summary) return done({ run, status: 'finished', summary, skipped: false });
      const why = spawnError ? `could not start: ${spawnError.message}` : signal ? `killed by ${signal}` : `exited with code ${code}`;
      const last = tail.trim().split('\n').filter((l) => !l.startsWith('{')).slice(-2).join(' / ');
      done({ run, status: options.signal?.aborted ? 'interrupted' : 'failed', error: `${why}${last ? `: ${last}` : ''} (log: ${log})`, skipped: false });
    });
  });
}

/** Trains one run of the benchmark folder `out` here. */
function trainRun(run: PlannedRun, options: BenchmarkOptions, out: string): Promise<RunOutcome> {
  return trainRunProcess(run, { configFile: join(out, 'configs', `${run.id}.json`), runDir: join(out, 'runs', run.id), log: join(out, 'logs', `${run.id}.log`) }, options);
}

/** Runs the benchmark (or what is left of it) and writes its results. */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const jobs = options.jobs ?? os.availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError(`benchmark jobs must be a positive integer, got ${describe(jobs)}`);
  const out = resolve(options.out);
  const runs = planBenchmark(options);
  checkFolder(out, runs);
  for (const dir of ['configs', 'runs', 'logs']) mkdirSync(join(out, dir), { recursive: true });
  const pairs = [...new Set(runs.map((r) => `${r.agent}/${r.env}`))];
  writeFileAtomic(join(out, 'benchmark.json'), `${JSON.stringify({ format: FORMAT, version: 1, pairs, seeds: options.seeds, steps: options.steps ?? null, test_episodes: options.testEpisodes ?? 100 }, null, 2)}\n`);
  for (const run of runs) writeFileAtomic(join(out, 'configs', `${run.id}.json`), `${JSON.stringify(run.config, null, 2)}\n`);

  const outcomes: RunOutcome[] = [];
  const todo: PlannedRun[] = [];
  for (const run of runs) {
    const summary = finishedSummary(join(out, 'runs', run.id));
    if (summary) outcomes.push({ run, status: 'finished', summary, skipped: true });
    else todo.push(run);
  }
  const where = options.redis ? `on the workers of ${options.redis.display}` : `${Math.min(jobs, todo.length)} at a time`;
  options.print(`benchmark: ${runs.length} runs (${runs.length - todo.length} finished before, skipped), ${todo.length} to train, ${todo.length ? where : 'nothing to run'}; folder ${out}`);
  if (options.redis && todo.length > 0) {
    await runQueued(todo, { target: options.redis, out, print: options.print, ...(options.backend ? { backend: options.backend } : {}), ...(options.imports ? { imports: options.imports } : {}), ...(options.signal ? { signal: options.signal } : {}) }, (outcome) => {
      outcomes.push(outcome);
      options.print(`  [${outcomes.length}/${runs.length}] ${describeOutcome(outcome)}`);
    });
  } else await runPool(todo, jobs, async (run) => {
    options.print(`  start ${run.id} (${run.config.steps.toLocaleString('en-US')} steps)`);
    const outcome = await trainRun(run, options, out);
    outcomes.push(outcome);
    options.print(`  [${outcomes.length}/${runs.length}] ${describeOutcome(outcome)}`);
  }, options.signal);
  const order = new Map(runs.map((r, i) => [r.id, i]));
  outcomes.sort((a, b) => (order.get(a.run.id) as number) - (order.get(b.run.id) as number));
  return writeBenchmarkReport(out, outcomes, options.signal?.aborted ? runs.filter((r) => !outcomes.some((o) => o.run.id === r.id)) : []);
}

function describeOutcome(o: RunOutcome): string {
  if (o.status !== 'finished') return `${o.run.id}: ${o.status.toUpperCase()} (${o.error})`;
  const s = o.summary as { delivered: { mean_return: number }; final_test: { mean_return: number }; training_steps_per_second: number; wall_seconds: number };
  return `${o.run.id}: delivered ${s.delivered.mean_return.toFixed(1)}, final ${s.final_test.mean_return.toFixed(1)}, ${s.training_steps_per_second.toLocaleString('en-US')} steps/s, ${s.wall_seconds.toFixed(0)} s`;
}

/**
 * The benchmarks of RL pairs (`npm run bench:rl`, and the pairs of bench:dqn and bench:pg): they
 * run `tfgym benchmark` (src/runs/benchmark.ts) into bench/runs/NAME (kept between runs, so an
 * interrupted benchmark continues where it stopped; not committed), then record its results in
 * bench/results/NAME.json and its plots in docs/benchmark/.
 *
 * Options: --pairs A/E,B/F (default: the bench's)  --seeds 0-9 (default: the bench's)  --jobs N  --steps N  --fresh (start over)
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSeeds } from '../src/cli/benchmark.js';
import { intOption } from '../src/cli/options.js';
import { runBenchmark } from '../src/runs/benchmark.js';
import { markdownTable, type BenchmarkReport } from '../src/runs/benchmark_report.js';
import { writeResults } from './report.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** The README's pairs: each with its tuned entry and budget. */
export const README_PAIRS: [string, string][] = [
  ['dqn', 'MountainCar-v0'], ['dqn', 'CartPole-v1'], ['dqn', 'Acrobot-v1'],
  ['ppo', 'CartPole-v1'], ['ppo', 'Acrobot-v1'], ['a2c', 'CartPole-v1'], ['ppo', 'Pendulum-v1'],
];

/** Runs (or continues) the benchmark NAME over `pairs` and records it; returns its report. */
export async function benchmarkPairs(name: string, pairs: [string, string][], defaultSeeds = '0-9'): Promise<BenchmarkReport> {
  const chosen = arg('--pairs')?.split(',').map((p) => p.split('/') as [string, string]) ?? pairs;
  const seeds = parseSeeds(arg('--seeds') ?? defaultSeeds);
  const values = { jobs: arg('--jobs'), steps: arg('--steps') };
  const jobs = intOption(values, 'jobs');
  const steps = intOption(values, 'steps');
  const out = join(ROOT, 'bench', 'runs', name);
  if (process.argv.includes('--fresh')) rmSync(out, { recursive: true, force: true });
  console.log(`${name}: ${chosen.map((p) => p.join('/')).join(', ')} on seeds ${seeds.join(',')} (folder ${out})`);
  const report = await runBenchmark({
    pairs: chosen, seeds, out, print: (l) => console.log(l), backend: 'wasm',
    ...(jobs !== undefined ? { jobs } : {}), ...(steps !== undefined ? { steps } : {}),
  });
  console.log(`\n${markdownTable(report.pairs)}\n`);
  // A partial benchmark (--pairs, --seeds or --steps) gets its own record, never the full one's.
  const partial = arg('--pairs') !== undefined || arg('--seeds') !== undefined || steps !== undefined;
  const record = partial ? `${name}-partial` : name;
  const plots = join(ROOT, 'docs', 'benchmark');
  if (!partial) {
    mkdirSync(plots, { recursive: true });
    for (const p of report.files.plots) copyFileSync(p, join(plots, basename(p)));
  }
  // Each run keeps its evaluations, so bench:replot can draw the pair's curve again from them.
  writeResults(record, { seeds, pairs: report.pairs, runs: report.runs, markdown: markdownTable(report.pairs) });
  return report;
}

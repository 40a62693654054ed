/**
 * `npm run bench:mnist`: the `mnist` preset (`npm run train:mnist`) on several seeds, each a
 * separate `tfgym train --preset mnist --seed S` process, --jobs at a time. Each seed draws its
 * own train/validation/test split of the mnist package's 10,000 digits. Reports test accuracy
 * per seed (weights of the best validation epoch), the mean, the worst seed, and training
 * images/s (with --jobs 2 on 2 cores, two runs share the machine).
 *
 * Options: --seeds 0-4  --jobs N (default 2)  --config FILE (keys over the preset)  --json
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSeeds } from '../src/cli/benchmark.js';
import { runPool } from '../src/core/pool.js';
import { meanStd } from '../src/core/stats.js';
import { SUPERVISED_PRESETS } from '../src/supervised/config.js';
import { printTable, writeResults, type Row } from './report.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SEEDS = parseSeeds(arg('--seeds') ?? '0-4');
const JOBS = Number(arg('--jobs') ?? 2);
const CONFIG = arg('--config');
const OUT = join(ROOT, 'bench', 'runs', 'mnist');

interface SeedResult {
  seed: number;
  accuracy: number;
  evaluatedEpoch: number;
  imagesPerSecond: number;
  seconds: number;
}

function train(seed: number): Promise<SeedResult> {
  const out = join(OUT, `s${seed}`);
  const args = [join(ROOT, 'bin', 'tfgym.js'), 'train', '--preset', 'mnist', '--seed', String(seed), '--out', out, '--overwrite', '--json', '--no-progress', '--backend', 'wasm'];
  if (CONFIG) args.push('--config', resolve(CONFIG));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`seed ${seed}: tfgym train exited with ${code}:\n${stdout.slice(-2000)}`));
      const s = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { test: { accuracy: number }; evaluated_epoch: number; samples_per_second: number; wall_seconds: number };
      done({ seed, accuracy: s.test.accuracy * 100, evaluatedEpoch: s.evaluated_epoch, imagesPerSecond: s.samples_per_second, seconds: s.wall_seconds });
    });
  });
}

mkdirSync(OUT, { recursive: true });
const preset = { ...SUPERVISED_PRESETS.mnist, ...(CONFIG ? (JSON.parse(readFileSync(CONFIG, 'utf8')) as object) : {}) };
console.log(`bench:mnist: the mnist preset${CONFIG ? ` with ${CONFIG}` : ''} on seeds ${SEEDS.join(', ')}, ${JOBS} at a time: ${JSON.stringify(preset)}`);
const results: SeedResult[] = [];
await runPool(SEEDS, JOBS, async (seed) => {
  const r = await train(seed);
  results.push(r);
  console.log(`  seed ${seed}: test accuracy ${r.accuracy.toFixed(2)}% (epoch ${r.evaluatedEpoch}), ${r.imagesPerSecond} images/s, ${r.seconds.toFixed(0)} s`);
});
results.sort((a, b) => a.seed - b.seed);
const rows: Row[] = results.map((r) => ({ seed: r.seed, 'test accuracy %': r.accuracy, 'evaluated epoch': r.evaluatedEpoch, 'train images/s': r.imagesPerSecond, seconds: Math.round(r.seconds) }));
printTable('MNIST preset: held-out test accuracy per seed', rows);
const { mean, std } = meanStd(results.map((r) => r.accuracy));
const worst = results.reduce((a, b) => (b.accuracy < a.accuracy ? b : a));
const summary: Row = { seeds: results.length, 'mean test accuracy %': mean, std, 'worst seed': worst.seed, 'worst accuracy %': worst.accuracy, 'seeds >= 98.5%': results.filter((r) => r.accuracy >= 98.5).length };
printTable('Across seeds', [summary]);
writeResults(CONFIG || arg('--seeds') ? 'mnist-partial' : 'mnist', { preset, seeds: SEEDS, jobs: JOBS, results, summary });

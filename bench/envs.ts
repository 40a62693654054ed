/**
 * `npm run bench:envs`: environment steps per second, unwrapped and through `make` (with its
 * TimeLimit, OrderEnforcing and PassiveEnvChecker), and for 8-env sync and async vector envs;
 * and the same for Gymnasium, run side by side when `GYMNASIUM_PYTHONPATH` (or an importable
 * gymnasium) is available, with the ratio.
 *
 * Each figure is the best of 3 runs (the machine has 2 cores shared with other work).
 * Options: --seconds S (per measurement, split over the 3 runs; default 3), --json.
 */
import { execFileSync } from 'node:child_process';
import type { Env } from '../src/core/env.js';
import { Rng } from '../src/core/rng.js';
import { make, makeVec, type VectorEnv } from '../src/envs/index.js';
import '../src/envs/vector/async.js'; // worker-thread vector envs (makeVec's async mode)
import { printTable, writeResults, type Row } from './report.js';

const ENVS = ['CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Pendulum-v1', 'Acrobot-v1'];
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('--seconds', 3);
/** Each figure is the best of this many runs, which filters out noise from other processes. */
const REPEATS = 3;
const bestOf = (f: () => number): number => Math.max(...Array.from({ length: REPEATS }, f));

function measureSingle(env: Env<unknown, unknown>, seconds: number): number {
  const rng = new Rng(0);
  const actions = Array.from({ length: 4096 }, () => env.actionSpace.sample(rng));
  env.reset({ seed: 0 });
  const run = (limit: number): number => {
    let steps = 0;
    const start = performance.now();
    for (;;) {
      for (let k = 0; k < 2000; k++) {
        const r = env.step(actions[steps & 4095]);
        steps++;
        if (r.terminated || r.truncated) env.reset();
      }
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed >= limit) return steps / elapsed;
    }
  };
  run(0.3); // warm up the JIT
  return bestOf(() => run(seconds / REPEATS));
}

function measureVector(venv: VectorEnv, seconds: number): number {
  const rng = new Rng(0);
  const n = venv.numEnvs * venv.actionSize;
  const space = venv.singleActionSpace;
  const batches = Array.from({ length: 256 }, () => {
    const out = new Float32Array(n);
    for (let i = 0; i < venv.numEnvs; i++) {
      const a = space.sample(rng);
      if (typeof a === 'number') out[i] = a;
      else out.set(a as ArrayLike<number>, i * venv.actionSize);
    }
    return out;
  });
  venv.reset({ seed: 0 });
  const run = (limit: number): number => {
    let steps = 0;
    const start = performance.now();
    for (;;) {
      for (let k = 0; k < 50; k++) venv.step(batches[steps++ & 255] as Float32Array);
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed >= limit) return (steps * venv.numEnvs) / elapsed;
    }
  };
  run(0.3);
  return bestOf(() => run(seconds / REPEATS));
}

function gymnasium(): Record<string, Record<string, number>> | null {
  const env = { ...process.env };
  if (process.env.GYMNASIUM_PYTHONPATH) env.PYTHONPATH = process.env.GYMNASIUM_PYTHONPATH;
  try {
    const out = execFileSync('python3', [new URL('./gymnasium_envs.py', import.meta.url).pathname, String(SECONDS)], {
      env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 20,
    });
    const parsed = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { envs: Record<string, Record<string, number>>; gymnasium_version: string };
    console.log(`Gymnasium ${parsed.gymnasium_version} measured side by side.`);
    return parsed.envs;
  } catch {
    console.log('Gymnasium not importable (set GYMNASIUM_PYTHONPATH); reporting tfgym only.');
    return null;
  }
}

function main(): void {
  console.log(`bench:envs: ${SECONDS} s per measurement`);
  const ours: Record<string, Record<string, number>> = {};
  for (const id of ENVS) {
    process.stdout.write(`  ${id} ...`);
    const row = {
      unwrapped: measureSingle(make(id).unwrapped, SECONDS),
      make: measureSingle(make(id), SECONDS),
      vec8_sync: measureVector(makeVec(id, 8), SECONDS),
      vec8_async: 0,
    };
    const asyncEnv = makeVec(id, 8, { vectorizationMode: 'async' });
    row.vec8_async = measureVector(asyncEnv, SECONDS);
    asyncEnv.close();
    ours[id] = row;
    process.stdout.write(` ${Math.round(row.make).toLocaleString('en-US')} steps/s through make\n`);
  }
  const theirs = gymnasium();
  const rows: Row[] = ENVS.map((id) => {
    const o = ours[id] as Record<string, number>;
    const g = theirs?.[id];
    const ratio = (k: string): number | null => (g && g[k] ? (o[k] as number) / (g[k] as number) : null);
    return {
      env: id,
      'unwrapped steps/s': Math.round(o.unwrapped as number),
      'make steps/s': Math.round(o.make as number),
      'vec8 sync': Math.round(o.vec8_sync as number),
      'vec8 async': Math.round(o.vec8_async as number),
      'gym make steps/s': g ? Math.round(g.make as number) : null,
      'x gym (make)': ratio('make'),
      'x gym (vec8 sync)': ratio('vec8_sync'),
      'x gym (vec8 async)': ratio('vec8_async'),
    };
  });
  printTable('Environment steps per second (env steps; vector rows count every sub-env step)', rows);
  writeResults('envs', { seconds: SECONDS, tfgym: ours, gymnasium: theirs, rows });
}

main();

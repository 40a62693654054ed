/**
 * `npm run bench:redis`: distributed DQN over a local redis-server (started here, no persistence),
 * on this machine's cores.
 *
 * 1. Throughput, DQN CartPole-v1 with its tuned entry, --steps env steps per run, for 1, 2 and 4
 *    actor processes, in the steady state (from the first episode's end to the last's, so process
 *    start-up is left out): env steps/s the learner consumes, gradient updates/s, transitions/s the
 *    actors produce and the share of their time spent waiting for the learner, bytes per
 *    transition on the wire and in Redis; each with learning, and with learning switched off
 *    ("transport": learningStarts past the run's end, so the pipe itself is measured), beside the
 *    single-process run of the same config.
 * 2. Learning: the tuned dqn/CartPole-v1 entry (50k ceiling, stop at the first 100-episode
 *    evaluation at 475) with 2 actors and in one process, on --seeds; the delivered model (best/)
 *    and the final one tested on 100 fresh episodes, steps to the threshold, wall time.
 *
 * Options: --steps N (default 20000; 10x that without learning), --seeds 0-9, --actors 1,2,4, --skip-throughput,
 * --skip-learning, --skip-single (learning: the distributed runs only), --exploration apex|schedule
 * (the actors' exploration in the learning runs), --out NAME (results file, default redis), --json.
 * Results: bench/results/NAME.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src/backend/index.js';
import { parseSeeds } from '../src/cli/benchmark.js';
import { RedisServer } from '../src/node/redis_server.js';
import { encodeBatch, type TransitionBatch } from '../src/runs/distributed/codec.js';
import { closeRedis, connectRedis, redisTarget, runKeys, type RedisTarget } from '../src/runs/distributed/redis.js';
import { distributedConfig } from '../src/runs/distributed/config.js';
import { resolveTrainConfig } from '../src/runs/hyperparams.js';
import { runRl, type RlRunResult } from '../src/runs/rl.js';
import type { TrainConfig } from '../src/runs/config.js';
import { printTable, writeResults, type Row } from './report.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const STEPS = Number(arg('--steps') ?? 20_000);
const SEEDS = parseSeeds(arg('--seeds') ?? '0-9');
const ACTORS = (arg('--actors') ?? '1,2,4').split(',').map(Number);
/** Actor exploration in the learning runs: Ape-X's fixed epsilons per actor, or the agent's own schedule at the learner's step. */
const EXPLORATION = (arg('--exploration') ?? 'apex') as 'apex' | 'schedule';
const quiet = () => undefined;

function tuned(overrides: Record<string, unknown>): Readonly<TrainConfig> {
  return resolveTrainConfig(undefined, overrides, { agent: 'dqn', env: 'CartPole-v1' }).config;
}

interface Measured {
  run: RlRunResult;
  trainSeconds: number;
  /** Steady state: from the first episode's end to the last's (process start-up left out). */
  stepsPerSecond: number;
  updatesPerSecond: number;
  /** What the actors report (polled), over the same kind of window: their steps/s and the share of time they wait. */
  actorStepsPerSecond: number | null;
  actorsWaiting: number | null;
}

/** One run, local (`actors` 0) or with `actors` actor processes; measures its steady state. */
async function measure(config: Readonly<TrainConfig>, target: RedisTarget | null, actors: number, runId: string, runDir: string | null, exploration: 'apex' | 'schedule' = 'apex'): Promise<Measured> {
  let updates = 0;
  let first: { t: number; step: number; updates: number } | null = null;
  let last: { t: number; step: number; updates: number } | null = null;
  const polls: { t: number; steps: number; throttled: number }[] = [];
  const watcher = target ? await connectRedis(target, { name: 'bench-watcher' }) : null;
  const keys = runKeys(runId);
  let polling = watcher !== null;
  const poll = (async () => {
    while (polling && watcher) {
      const reports = await Promise.all(Array.from({ length: actors }, (_, i) => watcher.get(keys.actor(i))));
      const parsed = reports.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as { steps: number; throttled_ms: number });
      if (parsed.length === actors) polls.push({ t: performance.now(), steps: parsed.reduce((a, r) => a + r.steps, 0), throttled: parsed.reduce((a, r) => a + r.throttled_ms, 0) });
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const run = await runRl({
    config, runDir, progress: false, print: quiet, backend: 'wasm',
    ...(target ? { distributed: { target, runId, localActors: actors, config: { actors: Math.max(actors, 1), actorTimeoutMs: 900, exploration } } } : {}),
    extraCallbacks: [{
      onUpdate: (e) => void (updates = e.metrics['charts/updates'] ?? updates),
      onEpisodeEnd: (e) => {
        const now = { t: performance.now(), step: e.step, updates };
        first ??= now;
        last = now;
      },
    }],
  });
  polling = false;
  await poll;
  if (watcher) closeRedis(watcher);
  const a = first as { t: number; step: number; updates: number } | null;
  const b = last as { t: number; step: number; updates: number } | null;
  const window = a && b && b.t > a.t ? (b.t - a.t) / 1000 : Number.NaN;
  const p0 = polls.find((p) => p.steps > 0);
  const p1 = polls.at(-1);
  const actorWindow = p0 && p1 && p1.t > p0.t ? (p1.t - p0.t) / 1000 : Number.NaN;
  return {
    run, trainSeconds: run.result.seconds - run.evalSeconds,
    stepsPerSecond: a && b ? (b.step - a.step) / window : Number.NaN, updatesPerSecond: a && b ? (b.updates - a.updates) / window : Number.NaN,
    actorStepsPerSecond: p0 && p1 && Number.isFinite(actorWindow) ? (p1.steps - p0.steps) / actorWindow : null,
    actorsWaiting: p0 && p1 && Number.isFinite(actorWindow) ? (p1.throttled - p0.throttled) / (actors * 1000 * actorWindow) : null,
  };
}

/** Bytes Redis holds per transition in a stream of 100 full entries (MEMORY USAGE). */
async function redisBytesPerTransition(target: RedisTarget): Promise<number> {
  const redis = await connectRedis(target, { name: 'bench-memory' });
  const n = 64;
  for (let i = 0; i < 100; i++) await redis.xaddBuffer('bench:memory', '*', ...encodeBatch(fakeBatch(i, n)));
  const bytes = Number(await redis.call('MEMORY', 'USAGE', 'bench:memory', 'SAMPLES', '0'));
  await redis.del('bench:memory');
  closeRedis(redis);
  return bytes / (100 * n);
}

/** A CartPole-shaped batch of `n` transitions from actor 0 (the values do not matter to the transport). */
function fakeBatch(seq: number, n = 64): TransitionBatch {
  return {
    actor: 0, seq, version: 1, size: n, observationSize: 4, actionSize: 1, observations: new Float32Array(n * 4).fill(0.01), nextObservations: new Float32Array(n * 4).fill(0.02),
    actions: new Int32Array(n), rewards: new Float64Array(n).fill(1), flags: new Uint8Array(n), episodes: Array.from({ length: n / 16 }, (_, i) => ({ index: i * 16 + 15, return: 16, rawReturn: null, length: 16 })),
  };
}

/** The learner alone draining a stream of `entries` batches (no learning: learningStarts past the end): transitions/s it can take in. */
async function drain(target: RedisTarget, entries: number): Promise<number> {
  const runId = 'bench-drain';
  const redis = await connectRedis(target, { name: 'bench-fill' });
  for (let i = 0; i < entries; i++) await redis.xaddBuffer(runKeys(runId).experience, '*', ...encodeBatch(fakeBatch(i)));
  closeRedis(redis);
  const steps = entries * 64;
  const m = await measure(tuned({ steps, evalEvery: 0, evalEpisodes: 1, testEpisodes: 0, stopAtThreshold: false, agentConfig: { learningStarts: steps + 1 } }), target, 0, runId, null);
  return m.stepsPerSecond;
}

async function throughput(target: RedisTarget): Promise<{ rows: Row[]; wireBytes: number; redisBytes: number; drain: number }> {
  const rows: Row[] = [];
  let wireBytes = 0;
  const drained = await drain(target, 400);
  console.log(`  the learner drains ${Math.round(drained)} transitions/s (no learning)`);
  for (const mode of ['learning', 'transport'] as const) {
    // Without learning the pipe is ~30x faster: 10x the steps, for a few seconds of steady state.
    const steps = mode === 'transport' ? 10 * STEPS : STEPS;
    const config = tuned({ steps, evalEvery: 0, evalEpisodes: 1, testEpisodes: 0, stopAtThreshold: false, ...(mode === 'transport' ? { agentConfig: { learningStarts: steps + 1 } } : {}) });
    if (mode === 'learning') {
      const local = await measure(config, null, 0, 'local', null);
      rows.push({ mode, actors: 'single process', 'learner steps/s': Math.round(local.stepsPerSecond), 'updates/s': Math.round(local.updatesPerSecond), 'actor steps/s': null, 'actors waiting %': null });
    }
    for (const n of ACTORS) {
      const m = await measure(config, target, n, `bench-${mode}-${n}`, null);
      const d = m.run.summary.distributed as { bytes: number; batches: number };
      wireBytes = d.bytes / (d.batches * distributedConfig().batchSize);
      rows.push({
        mode, actors: n, 'learner steps/s': Math.round(m.stepsPerSecond), 'updates/s': Math.round(m.updatesPerSecond),
        'actor steps/s': m.actorStepsPerSecond === null ? null : Math.round(m.actorStepsPerSecond), 'actors waiting %': m.actorsWaiting === null ? null : Number((100 * m.actorsWaiting).toFixed(1)),
      });
      console.log(`  ${mode}, ${n} actors: ${rows.at(-1)?.['learner steps/s']} steps/s`);
    }
  }
  return { rows, wireBytes, redisBytes: await redisBytesPerTransition(target), drain: drained };
}

const LABEL = `2 actors (Redis, ${EXPLORATION === 'apex' ? 'Ape-X epsilons' : "the entry's epsilon schedule"})`;

async function learning(target: RedisTarget): Promise<{ rows: Row[]; summary: Row[] }> {
  const rows: Row[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'tfgym-bench-redis-'));
  const config = (seed: number) => tuned({ seed });
  for (const seed of SEEDS) {
    for (const [label, actors] of [[LABEL, 2], ['single process', 0]] as const) {
      if (actors === 0 && process.argv.includes('--skip-single')) continue;
      const m = await measure(config(seed), actors ? target : null, actors, `bench-learn-s${seed}`, join(folder, `${actors}-s${seed}`), EXPLORATION);
      const r = m.run;
      const first = r.evaluations.find((e) => e.meanReturn >= 475)?.step ?? null;
      rows.push({
        seed, run: label, 'delivered (100 fresh)': r.delivered?.meanReturn ?? null, 'final (100 fresh)': r.finalTest?.meanReturn ?? null,
        'steps to 475': first, 'env steps': r.result.steps, 'steps/s': Math.round(r.result.steps / m.trainSeconds), 'wall s': Number(r.result.seconds.toFixed(1)),
      });
      console.log(`  seed ${seed}, ${label}: delivered ${r.delivered?.meanReturn.toFixed(1)}, final ${r.finalTest?.meanReturn.toFixed(1)}, ${first ?? '-'} steps to 475`);
    }
  }
  rmSync(folder, { recursive: true, force: true });
  const summary = [LABEL, 'single process'].filter((label) => rows.some((r) => r.run === label)).map((label) => {
    const mine = rows.filter((r) => r.run === label);
    const delivered = mine.map((r) => r['delivered (100 fresh)'] as number);
    const firsts = mine.map((r) => r['steps to 475']).filter((s): s is number => typeof s === 'number');
    const worst = Math.min(...delivered);
    return {
      run: label, seeds: mine.length, 'delivered mean': delivered.reduce((a, b) => a + b, 0) / delivered.length, 'worst seed': worst,
      'worst seed id': mine[delivered.indexOf(worst)]?.seed ?? null, 'seeds >= 475': delivered.filter((d) => d >= 475).length,
      'final >= 475': mine.filter((r) => (r['final (100 fresh)'] as number) >= 475).length,
      'median steps to 475': firsts.length ? (firsts.sort((a, b) => a - b)[Math.floor(firsts.length / 2)] as number) : null,
      'mean steps/s': Math.round(mine.reduce((a, r) => a + (r['steps/s'] as number), 0) / mine.length),
    };
  });
  return { rows, summary };
}

async function main(): Promise<void> {
  await initBackend({ backend: 'wasm' });
  const server = await new RedisServer().start();
  const target = redisTarget(server.url, {});
  try {
    const results: Record<string, unknown> = { steps: STEPS, seeds: SEEDS };
    if (!process.argv.includes('--skip-throughput')) {
      console.log(`throughput: DQN CartPole-v1 (tuned entry), ${STEPS.toLocaleString('en-US')} steps per run`);
      const t = await throughput(target);
      printTable('Throughput (env steps/s; 2 cores shared by the learner, the actors and Redis)', t.rows);
      console.log(`\nthe learner alone takes in ${Math.round(t.drain).toLocaleString('en-US')} transitions/s from the stream (no learning)`);
      console.log(`bytes per transition: ${t.wireBytes.toFixed(1)} on the wire (entry fields), ${t.redisBytes.toFixed(1)} in Redis (MEMORY USAGE of a 100-entry stream)`);
      Object.assign(results, { throughput: t.rows, learner_drain_transitions_per_second: t.drain, wire_bytes_per_transition: t.wireBytes, redis_bytes_per_transition: t.redisBytes });
    }
    if (!process.argv.includes('--skip-learning')) {
      console.log(`learning: dqn/CartPole-v1 tuned entry, seeds ${SEEDS.join(',')}`);
      const l = await learning(target);
      printTable('Learning, per seed', l.rows);
      printTable('Learning, across seeds', l.summary);
      Object.assign(results, { learning: l.rows, learning_summary: l.summary });
    }
    writeResults(arg('--out') ?? 'redis', { exploration: EXPLORATION, ...results });
  } finally {
    await server.stop();
  }
}

await main();

/**
 * The command line of distributed runs: `--redis URL [--actors N] [--run-id ID]` on train and
 * resume (this process is the learner), and `tfgym actor`, which joins a run from any machine.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { runActor } from '../runs/distributed/actor.js';
import { runWorker } from '../runs/distributed/queue.js';
import { PASSWORD_ENV, checkRunId, redact, redisTarget } from '../runs/distributed/redis.js';
import type { DistributedRunOptions } from '../runs/rl.js';
import { backendFor, intOption, readJson, type CliIo, type Parsed } from './options.js';

/** The Redis server an option names; warns when a password is on the command line, where the process list shows it. */
export function redisOption(url: string, io: CliIo) {
  const t = redisTarget(url);
  if (redact(url) !== url) io.error(`tfgym: warning: the password in --redis shows in the process list; set ${PASSWORD_ENV} instead`);
  return t;
}

/**
 * The learner's distributed options from --redis/--actors/--run-id, or none. `runDir` names the
 * default run id; a resumed run (`saved`: its distributed.json) keeps its id and server.
 */
export function distributedOptions(v: Parsed['values'], io: CliIo, runDir: string, resuming: boolean): { distributed?: DistributedRunOptions } {
  const saved = resuming && existsSync(join(runDir, 'distributed.json')) ? (readJson(join(runDir, 'distributed.json'), 'distributed run record') as { redis: string; run_id: string; config: object }) : null;
  const url = typeof v.redis === 'string' ? v.redis : saved?.redis;
  if (url === undefined) {
    for (const k of ['actors', 'run-id']) if (v[k] !== undefined) throw new InvalidArgumentError(`--${k} goes with --redis`);
    return {};
  }
  const actors = intOption(v, 'actors') ?? (resuming ? 0 : 2);
  if (actors > 256) throw new InvalidArgumentError(`--actors must be at most 256 on one machine, got ${actors}`);
  const runId = checkRunId(typeof v['run-id'] === 'string' ? v['run-id'] : (saved?.run_id ?? basename(runDir).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)));
  return { distributed: { target: redisOption(url, io), runId, localActors: actors, ...(saved ? { config: saved.config } : {}) } };
}

/** `tfgym actor --redis URL --run ID [--index N]`: acts for a run until its learner finishes. */
export async function actorCommand(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  const v = p.values;
  if (typeof v.redis !== 'string') throw new InvalidArgumentError('actor needs --redis URL (the run\'s Redis server)');
  if (typeof v.run !== 'string') throw new InvalidArgumentError('actor needs --run RUN_ID (printed by the learner)');
  const t = redisOption(v.redis, io);
  checkRunId(v.run);
  const index = intOption(v, 'index');
  await backendFor(v, io);
  const r = await runActor({ target: t, runId: v.run, ...(index !== undefined ? { index } : {}), log: io.print, ...(io.signal ? { signal: io.signal } : {}) });
  io.print(`actor ${r.index}: ${r.steps.toLocaleString('en-US')} steps, ${r.episodes} episodes, ${r.batches} batches, ${r.weightLoads} weight loads, waited ${(r.throttledMs / 1000).toFixed(1)} s for the learner (${r.reason})`);
  return { index: r.index, steps: r.steps, episodes: r.episodes, batches: r.batches, weight_loads: r.weightLoads, throttled_seconds: r.throttledMs / 1000, reason: r.reason };
}

/** `tfgym worker --redis URL [--jobs N] [--out DIR] [--lock-seconds S] [--max-jobs N]`: trains queued benchmark runs. */
export async function workerCommand(p: Parsed, io: CliIo): Promise<Record<string, unknown>> {
  const v = p.values;
  if (typeof v.redis !== 'string') throw new InvalidArgumentError('worker needs --redis URL (the queue\'s Redis server)');
  const t = redisOption(v.redis, io);
  const jobs = intOption(v, 'jobs') ?? 1;
  const lockSeconds = intOption(v, 'lock-seconds') ?? 30;
  const maxJobs = intOption(v, 'max-jobs');
  const dir = typeof v.out === 'string' ? v.out : 'tfgym-worker';
  const done = await runWorker({ target: t, jobs, dir, lockSeconds, print: io.print, ...(maxJobs !== undefined ? { maxJobs } : {}), ...(io.signal ? { signal: io.signal } : {}) });
  return { jobs_done: done, out: dir, reason: io.signal?.aborted ? 'interrupted' : 'completed' };
}

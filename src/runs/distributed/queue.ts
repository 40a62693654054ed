/**
 * Benchmark runs as jobs on a BullMQ queue in Redis: `tfgym benchmark --redis URL` adds one job per
 * run and waits for the results; `tfgym worker --redis URL --jobs N`, on any machine, takes jobs,
 * trains each as a `tfgym train` process in its own folder, and returns the run's summary (the
 * run folder, with its checkpoints, stays on the worker). BullMQ gives the rest: a job whose
 * worker dies is noticed once its lock expires (`lockSeconds`) and handed to another worker.
 *
 * Job ids come from the benchmark folder and the run's whole config, so running the same
 * benchmark again finds the jobs it queued before (finished ones give their results at once).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents, WaitingError, Worker, type Job } from 'bullmq';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import type { RunOutcome } from '../benchmark_report.js';
import { writeFileAtomic } from '../outputs.js';
import { trainRunProcess, type PlannedRun } from '../benchmark.js';
import type { RedisTarget } from './redis.js';

/** The queue's name (BullMQ keys live under `bull:tfgym-benchmark:`). */
export const QUEUE = 'tfgym-benchmark';

interface JobData {
  run: PlannedRun;
  backend: string | null;
  imports: string[];
}

/** What a job returns: the run's outcome, and where it ran. */
export interface JobResult {
  status: 'finished' | 'failed' | 'interrupted';
  summary: Record<string, unknown> | null;
  error: string | null;
  worker: string;
  runDir: string;
}

function connection(target: RedisTarget) {
  return { ...target.options, maxRetriesPerRequest: null };
}

/** The job id of `run` in the benchmark folder `out`. */
function jobId(out: string, run: PlannedRun): string {
  return `${run.id}-${createHash('sha256').update(JSON.stringify({ out: resolve(out), config: run.config })).digest('hex').slice(0, 16)}`;
}

export interface QueuedRunsOptions {
  target: RedisTarget;
  out: string;
  backend?: string;
  imports?: readonly string[];
  print: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * Queues `runs` and waits for each result; each finished run's summary goes to OUT/runs/ID/
 * (summary.json, and worker.json saying where its folder is), so a later local or queued
 * benchmark in OUT sees it finished.
 */
export async function runQueued(runs: readonly PlannedRun[], options: QueuedRunsOptions, onOutcome: (o: RunOutcome) => void): Promise<void> {
  const queue = new Queue(QUEUE, { connection: connection(options.target) });
  const events = new QueueEvents(QUEUE, { connection: connection(options.target) });
  try {
    await events.waitUntilReady();
    const data = (run: PlannedRun): JobData => ({ run, backend: options.backend ?? null, imports: (options.imports ?? []).map((f) => resolve(f)) });
    const jobs = await Promise.all(runs.map((run) => queue.add(run.id, data(run), { jobId: jobId(options.out, run), removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } })));
    options.print(`benchmark: ${jobs.length} jobs on queue ${QUEUE} at ${options.target.display}; start workers with: tfgym worker --redis ${options.target.display}`);
    const aborted = new Promise<never>((_, fail) => options.signal?.addEventListener('abort', () => fail(new Error('interrupted')), { once: true }));
    await Promise.all(jobs.map(async (job, i) => {
      const run = runs[i] as PlannedRun;
      let outcome: RunOutcome;
      try {
        const r = (await Promise.race([job.waitUntilFinished(events), aborted])) as JobResult;
        if (r.status === 'finished' && r.summary) {
          const dir = join(options.out, 'runs', run.id);
          mkdirSync(dir, { recursive: true });
          writeFileAtomic(join(dir, 'worker.json'), `${JSON.stringify({ worker: r.worker, run_dir: r.runDir }, null, 2)}\n`);
          writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(r.summary, null, 2)}\n`);
          outcome = { run, status: 'finished', summary: r.summary, skipped: false };
        } else {
          outcome = { run, status: r.status === 'interrupted' ? 'interrupted' : 'failed', error: `${r.error ?? 'no result'} (on ${r.worker})`, skipped: false };
        }
      } catch (e) {
        const message = (e as Error).message;
        outcome = { run, status: options.signal?.aborted ? 'interrupted' : 'failed', error: options.signal?.aborted ? 'interrupted (the job stays queued)' : message, skipped: false };
      }
      onOutcome(outcome);
    }));
  } finally {
    await events.close();
    await queue.close();
  }
}

export interface WorkerOptions {
  target: RedisTarget;
  /** Runs at a time. Default 1. */
  jobs?: number;
  /** Where runs are trained (`DIR/runs/ID`, `DIR/logs/ID.log`). */
  dir: string;
  /** A job whose worker has not renewed its lock for this long is given to another worker. Default 30. */
  lockSeconds?: number;
  /** Stop after this many jobs (default: never; until the signal). */
  maxJobs?: number;
  print: (line: string) => void;
  signal?: AbortSignal;
}

/** Takes benchmark jobs until the signal (or `maxJobs`); resolves with the number of jobs done. */
export async function runWorker(options: WorkerOptions): Promise<number> {
  const jobs = options.jobs ?? 1;
  if (!(Number.isSafeInteger(jobs) && jobs >= 1 && jobs <= 256)) throw new InvalidArgumentError(`worker jobs must be an integer 1-256, got ${describe(jobs)}`);
  const lockSeconds = options.lockSeconds ?? 30;
  if (!(Number.isFinite(lockSeconds) && lockSeconds >= 1)) throw new InvalidArgumentError(`worker lock seconds must be at least 1, got ${describe(lockSeconds)}`);
  const dir = resolve(options.dir);
  for (const d of ['configs', 'runs', 'logs']) mkdirSync(join(dir, d), { recursive: true });
  const name = `${hostname()}:${process.pid}`;
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  let done = 0;
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((ok) => (finished = ok));
  const processor = async (job: Job<JobData>, token?: string): Promise<JobResult> => {
    const { run, backend, imports } = job.data;
    const id = `${run.id}-${job.id ?? 'job'}`.replace(/[^A-Za-z0-9._-]/g, '_');
    const files = { configFile: join(dir, 'configs', `${id}.json`), runDir: join(dir, 'runs', id), log: join(dir, 'logs', `${id}.log`) };
    writeFileAtomic(files.configFile, `${JSON.stringify(run.config, null, 2)}\n`);
    options.print(`worker ${name}: start ${run.id} (attempt ${job.attemptsStarted})`);
    // The run's process ends itself if this worker dies (it checks that its parent is still there).
    const outcome = await trainRunProcess(run, files, { ...(backend ? { backend } : {}), imports, signal: controller.signal }, { ...process.env, TFGYM_EXIT_WITH_PARENT: '1' });
    options.print(`worker ${name}: ${run.id} ${outcome.status}${outcome.status === 'finished' ? '' : `: ${outcome.error}`}`);
    if (outcome.status === 'interrupted') {
      // This worker is stopping: the job goes back to the queue for another.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    done += 1;
    if (options.maxJobs !== undefined && done >= options.maxJobs) finished();
    return { status: outcome.status, summary: outcome.status === 'finished' ? outcome.summary : null, error: outcome.status === 'finished' ? null : outcome.error, worker: name, runDir: files.runDir };
  };
  const worker = new Worker<JobData, JobResult>(QUEUE, processor, {
    connection: connection(options.target), concurrency: jobs, lockDuration: lockSeconds * 1000, stalledInterval: Math.max(500, (lockSeconds * 1000) / 2), maxStalledCount: 1,
  });
  worker.on('error', (e) => options.print(`worker ${name}: ${e.message}`));
  await worker.waitUntilReady();
  options.print(`worker ${name}: taking jobs from ${QUEUE} at ${options.target.display}, ${jobs} at a time, folder ${dir}`);
  controller.signal.addEventListener('abort', () => finished(), { once: true });
  await allDone;
  await worker.close(controller.signal.aborted);
  return done;
}

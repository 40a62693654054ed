/**
 * `tfgym benchmark --redis URL` and `tfgym worker` against a real redis-server: runs queued as
 * BullMQ jobs, trained by two worker processes; one worker killed mid-job, its job retried by the
 * other; the same report as a local benchmark, and a second benchmark command that finds the runs
 * finished.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/runs/benchmark.js';
import { redisTarget } from '../../src/runs/distributed/redis.js';
import { REDIS_SKIP, RedisServer, redisAvailable } from './redis_server.js';

const BIN = new URL('../../bin/tfgym.js', import.meta.url).pathname;
const children: ChildProcess[] = [];
let redis: RedisServer | null = null;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await redis?.stop();
});

function worker(url: string, dir: string): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--jobs', '1', '--lock-seconds', '2', '--out', dir, '--backend', 'wasm'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return { child, log: () => out };
}

describe.skipIf(!redisAvailable)(`benchmark jobs on a BullMQ queue (${redisAvailable ? 'redis-server found' : REDIS_SKIP})`, () => {
  it('spreads runs over workers, retries the job of a killed worker elsewhere, and reports as a local benchmark does', async () => {
    redis = await new RedisServer().start();
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-queue-'));
    const out = join(dir, 'bench');
    const a = worker(redis.url, join(dir, 'worker-a'));
    const b = worker(redis.url, join(dir, 'worker-b'));
    // Worker a dies as soon as it has started a run.
    const killA = setInterval(() => {
      if (/start dqn-CartPole-v1-s\d/.test(a.log())) {
        clearInterval(killA);
        a.child.kill('SIGKILL');
      }
    }, 50);
    const lines: string[] = [];
    const options = {
      pairs: [['dqn', 'CartPole-v1']] as [string, string][], seeds: [0, 1, 2], steps: 800, testEpisodes: 3, out, backend: 'wasm',
      config: { agentConfig: { hiddenLayers: [16], learningStarts: 200 }, evalEvery: 400, evalEpisodes: 2 },
      redis: redisTarget(redis.url, {}), print: (l: string) => lines.push(l),
    };
    const report = await runBenchmark(options);
    clearInterval(killA);
    expect(a.child.signalCode).toBe('SIGKILL');
    expect(report.runs.map((r) => [r.id, r.status])).toEqual([0, 1, 2].map((s) => [`dqn-CartPole-v1-s${s}`, 'finished']));
    // Every run was finished by worker b, the one killed included (BullMQ noticed its lock expire).
    const bLog = b.log();
    for (const s of [0, 1, 2]) expect(bLog).toMatch(new RegExp(`dqn-CartPole-v1-s${s} finished`));
    expect(bLog).toMatch(/start dqn-CartPole-v1-s\d \(attempt 2\)/);
    for (const r of report.runs) {
      const where = JSON.parse(readFileSync(join(out, 'runs', r.id, 'worker.json'), 'utf8')) as { worker: string; run_dir: string };
      expect(where.run_dir.startsWith(join(dir, 'worker-b'))).toBe(true);
      const s = JSON.parse(readFileSync(join(where.run_dir, 'summary.json'), 'utf8'));
      expect(r.delivered?.mean).toBe(s.delivered.mean_return); // the report's number is the worker's run's own
    }
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toMatch(/\| dqn CartPole-v1 \| 800 \| 3 \|/);
    // The same command again: every run is found finished, nothing is queued.
    const again = await runBenchmark({ ...options, print: (l: string) => lines.push(`again: ${l}`) });
    expect(again.runs.every((r) => r.status === 'finished')).toBe(true);
    expect(lines.join('\n')).toMatch(/again: benchmark: 3 runs \(3 finished before, skipped\), 0 to train/);
    b.child.kill('SIGINT');
  }, 240_000);
});

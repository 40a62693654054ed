/**
 * Distributed runs against a real redis-server (started per test on a free port, no persistence):
 * a learner and actors that are `tfgym actor` processes, a password that never leaks, TLS, and
 * the faults: an actor killed, an actor joining late, the learner killed and resumed, Redis
 * restarted, and a learner too slow for its actors (back-pressure).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { trainConfig } from '../../src/runs/config.js';
import { runActor, type ActorResult } from '../../src/runs/distributed/actor.js';
import { closeRedis, connectRedis, redisTarget, runKeys } from '../../src/runs/distributed/redis.js';
import { spawnActors } from '../../src/runs/distributed/spawn.js';
import { runRl } from '../../src/runs/rl.js';
import { REDIS_SKIP, RedisServer, makeCertificates, redisAvailable } from './redis_server.js';

const BIN = new URL('../../bin/tfgym.js', import.meta.url).pathname;
const AGENT = { learningStarts: 200, hiddenLayers: [32], bufferSize: 5000 };
const config = (steps: number) => trainConfig({ env: 'CartPole-v1', agent: 'dqn', seed: 0, steps, evalEvery: 0, evalEpisodes: 2, testEpisodes: 0, checkpointEvery: 500, keepCheckpoints: 3, logInterval: 500, agentConfig: AGENT });
const servers: RedisServer[] = [];
const children: ChildProcess[] = [];
const tmp = () => mkdtempSync(join(tmpdir(), 'tfgym-dist-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function server(options: ConstructorParameters<typeof RedisServer>[0] = {}): Promise<RedisServer> {
  const s = new RedisServer(options);
  servers.push(s);
  return s.start();
}

/** The command lines of this machine's `tfgym actor` processes of run `runId` (from /proc). */
/**
 * The `tfgym actor` processes of run `runId` whose parent is `parent` (the learner). The parent
 * matters: a process an actor forks (tsx starts esbuild's service) carries the actor's command
 * line until it execs, and would otherwise be counted as a third actor on a loaded machine.
 */
function actorProcesses(runId: string, parent: number): { pid: number; cmdline: string; environ: string }[] {
  const out: { pid: number; cmdline: string; environ: string }[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && cmdline.includes(' actor ') && cmdline.includes(`--run ${runId} `)) out.push({ pid: Number(pid), cmdline, environ: readFileSync(`/proc/${pid}/environ`, 'utf8') });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TFGYM_BACKEND: 'wasm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return { child, done: new Promise((ok) => child.once('exit', (code) => ok({ code, out }))) };
}

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1) ?? 'null') as Record<string, unknown> & { distributed: Record<string, number> };

describe.skipIf(!redisAvailable)(`distributed runs over Redis (${redisAvailable ? 'redis-server found' : REDIS_SKIP})`, () => {
  it('trains with `tfgym actor` child processes; the password reaches them only through their environment and is written nowhere', async () => {
    const password = 'pw-Zq81-never-shown';
    const redis = await server({ password });
    const dir = join(tmp(), 'run');
    const cfg = join(tmp(), 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ agentConfig: AGENT, evalEvery: 0, evalEpisodes: 2, testEpisodes: 0 }));
    const run = cli(['train', '--env', 'CartPole-v1', '--agent', 'dqn', '--config', cfg, '--steps', '3000', '--redis', redis.url, '--actors', '2', '--run-id', 'cli1', '--out', dir, '--json', '--no-progress'], { TFGYM_REDIS_PASSWORD: password });
    const seen = new Map<number, { cmdline: string; environ: string }>();
    let finished = false;
    void run.done.then(() => (finished = true));
    while (!finished) {
      for (const p of actorProcesses('cli1', run.child.pid as number)) seen.set(p.pid, p);
      await sleep(100);
    }
    const { code, out } = await run.done;
    expect(code, out).toBe(0);
    const summary = lastJson(out);
    expect(summary.steps).toBe(3000);
    expect(summary.distributed).toMatchObject({ transitions: 3000, lostBatches: 0, malformed: 0 });
    expect(summary.distributed.actorsSeen).toBeGreaterThanOrEqual(1); // the second may start after the first filled the run
    expect(summary.distributed.weightVersion).toBeGreaterThan(3);
    expect(seen.size, [...seen.values()].map((p) => p.cmdline).join('\n')).toBe(2); // two `tfgym actor` processes, seen as such in the process list
    for (const p of seen.values()) {
      expect(p.cmdline).toMatch(/tfgym\.js actor --redis redis:\/\/127\.0\.0\.1:\d+\/0 --run cli1 --index [01]/);
      expect(p.cmdline).not.toContain(password);
      expect(p.environ).toContain(`TFGYM_REDIS_PASSWORD=${password}`);
    }
    expect(out).not.toContain(password);
    for (const f of files(dir)) expect(readFileSync(f).includes(password), f).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'distributed.json'), 'utf8'))).toMatchObject({ redis: redis.url, run_id: 'cli1' });

    // A wrong password is a clear error that does not echo it.
    const wrong = cli(['actor', '--redis', redis.url, '--run', 'cli1', '--json'], { TFGYM_REDIS_PASSWORD: 'wrong-pw-123' });
    const w = await wrong.done;
    expect(w.code).toBe(1);
    expect(w.out).toMatch(/could not connect to Redis at redis:\/\/127\.0\.0\.1:\d+\/0: WRONGPASS/);
    expect(w.out).not.toContain('wrong-pw-123');
  }, 180_000);

  it('goes on when an actor is killed, and takes an actor that joins late', async () => {
    const redis = await server();
    const target = redisTarget(redis.url, {});
    const watcher = await connectRedis(target, { name: 'test-watcher' });
    const log: string[] = [];
    let late: Promise<ActorResult> | null = null;
    let killed = 0;
    const r = await runRl({
      config: config(4000), runDir: null, progress: false, print: (l) => log.push(l), backend: 'wasm',
      distributed: { target, runId: 'faults', localActors: 2, config: { highWater: 8, actorTimeoutMs: 900 } },
      extraCallbacks: [{
        onUpdate: async (e) => {
          if (e.step >= 1200 && killed === 0 && log.some((l) => l.includes('actor 1 of run faults')) && (await watcher.exists(runKeys('faults').actor(1))) === 1) {
            await sleep(300); // let one of its batches arrive
            const victim = actorProcesses('faults', process.pid).find((p) => p.cmdline.includes('--index 1'));
            if (victim) process.kill(victim.pid, 'SIGKILL');
            killed = victim?.pid ?? -1;
            await sleep(1500); // past its report's expiry (900 ms), so the learner's next check finds it gone
          }
          if (e.step >= 2000 && late === null) late = runActor({ target, runId: 'faults', log: (l) => log.push(l) });
        },
      }],
    });
    closeRedis(watcher);
    expect(killed).toBeGreaterThan(0);
    expect(r.result.reason, log.join('\n')).toBe('completed');
    expect(r.result.steps).toBe(4000);
    const d = r.summary.distributed as Record<string, number>;
    expect(d.actorsSeen).toBe(3);
    expect(d.actorsLost, JSON.stringify(d) + log.join("\n")).toBeGreaterThanOrEqual(1);
    expect(log.join('\n')).toMatch(/actor 1 stopped reporting/);
    const joined = await (late as unknown as Promise<ActorResult>);
    expect(joined).toMatchObject({ index: 2, reason: 'done' });
    expect(joined.steps).toBeGreaterThan(0);
  }, 180_000);

  it('resumes after the learner is killed, while the actors carry on', async () => {
    const redis = await server();
    const dir = join(tmp(), 'run');
    const cfg = join(tmp(), 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ agentConfig: AGENT, evalEvery: 0, evalEpisodes: 2, testEpisodes: 0, checkpointEvery: 500 }));
    const learner = cli(['train', '--env', 'CartPole-v1', '--agent', 'dqn', '--config', cfg, '--steps', '4000', '--redis', redis.url, '--actors', '0', '--run-id', 'lk', '--out', dir, '--no-progress']);
    const actors = spawnActors(redisTarget(redis.url, {}), 'lk', 2, 'wasm', () => undefined);
    children.push(...actors.children);
    const exits = actors.children.map((c) => new Promise<number | null>((ok) => c.once('exit', (code) => ok(code))));
    const checkpoints = join(dir, 'checkpoints');
    while (!(existsSync(checkpoints) && readdirSync(checkpoints).some((c) => c >= 'step-000001000'))) await sleep(100);
    learner.child.kill('SIGKILL');
    await learner.done;
    await sleep(1500);
    expect(actors.children.every((c) => c.exitCode === null)).toBe(true); // the actors carry on (waiting for the learner)
    const resumed = cli(['resume', dir, '--json', '--no-progress']);
    const { code, out } = await resumed.done;
    expect(code, out).toBe(0);
    expect(out).toMatch(/resuming .* from .*step-0000010\d\d/);
    const summary = lastJson(out);
    expect(summary.steps).toBe(4000);
    expect(summary.reason).toBe('completed');
    expect((await Promise.all(exits)).every((c) => c === 0)).toBe(true); // they leave once the run is done
  }, 180_000);

  it('survives a Redis restart: clients reconnect, the group and weights are put back, the loss is counted', async () => {
    const redis = await server();
    const target = redisTarget(redis.url, {});
    const log: string[] = [];
    let restarted: Promise<unknown> | null = null;
    const actor = (async () => {
      await sleep(300);
      return runActor({ target, runId: 'restart', index: 0, log: (l) => log.push(`actor: ${l}`) });
    })();
    const r = await runRl({
      config: config(3000), runDir: null, progress: false, print: (l) => log.push(l), backend: 'wasm',
      distributed: { target, runId: 'restart', localActors: 0, config: { actors: 1 } },
      extraCallbacks: [{
        onUpdate: async (e) => {
          if (e.step >= 1000 && restarted === null) {
            restarted = (async () => {
              await redis.kill();
              await sleep(800);
              await redis.start();
            })();
            await restarted;
          }
        },
      }],
    });
    expect(r.result.reason, log.join('\n')).toBe('completed');
    expect(r.result.steps).toBe(3000);
    const d = r.summary.distributed as Record<string, number>;
    expect(d.redisRestarts).toBeGreaterThanOrEqual(1);
    const text = log.join('\n');
    expect(text).toMatch(/redis: lost the connection to redis:\/\/127\.0\.0\.1:\d+\/0; reconnecting/);
    expect(text).toMatch(/redis: reconnected/);
    expect(text).toMatch(/stream and consumer group are gone .* putting back/);
    expect((await actor).reason).toBe('done');
  }, 180_000);

  it('keeps the stream bounded when the learner is slower than its actors: actors wait', async () => {
    const redis = await server();
    const target = redisTarget(redis.url, {});
    const watcher = await connectRedis(target, { name: 'test-watcher' });
    let maxLen = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        maxLen = Math.max(maxLen, await watcher.xlen(runKeys('slow').experience));
        await sleep(10);
      }
    })();
    const actor = (async () => {
      await sleep(200);
      return runActor({ target, runId: 'slow', index: 0 });
    })();
    const r = await runRl({
      config: config(1500), runDir: null, progress: false, print: () => undefined, backend: 'wasm',
      distributed: { target, runId: 'slow', localActors: 0, config: { actors: 1, batchSize: 16, highWater: 4, maxStreamEntries: 50 } },
      extraCallbacks: [{ onUpdate: async () => void (await sleep(2)) }], // a slow learner
    });
    polling = false;
    await poll;
    closeRedis(watcher);
    const a = await actor;
    expect(r.result.steps).toBe(1500);
    expect(a.throttledMs).toBeGreaterThan(100);
    expect(maxLen).toBeLessThanOrEqual(4 + 1);
    expect((r.summary.distributed as Record<string, number>).lostBatches).toBe(0);
  }, 180_000);

  it('stops at the step a callback stops it at, as a single-process run does (the rest of the batch is dropped)', async () => {
    const redis = await server();
    const target = redisTarget(redis.url, {});
    const actor = runActor({ target, runId: 'stop', index: 0 });
    let stoppedAt = -1;
    const r = await runRl({
      config: config(5000), runDir: null, progress: false, print: () => undefined, backend: 'wasm', distributed: { target, runId: 'stop', localActors: 0, config: { actors: 1 } },
      extraCallbacks: [{ onUpdate: (e) => (e.step >= 1500 && stoppedAt < 0 ? ((stoppedAt = e.step), false) : true) }],
    });
    expect(r.result.reason).toBe('stopped');
    expect(r.result.steps).toBe(stoppedAt);
    expect((r.summary.distributed as { transitions: number }).transitions).toBe(stoppedAt);
    expect((await actor).reason).toBe('done');
  }, 120_000);

  it('trains SAC on Pendulum with a remote actor (continuous actions, weights loaded as they are published)', async () => {
    const redis = await server();
    const target = redisTarget(redis.url, {});
    const actor = (async () => {
      await sleep(200);
      return runActor({ target, runId: 'sac', index: 0 });
    })();
    const sac = trainConfig({ env: 'Pendulum-v1', agent: 'sac', seed: 0, steps: 600, evalEvery: 0, evalEpisodes: 1, testEpisodes: 0, agentConfig: { hiddenLayers: [16, 16], batchSize: 32, learningStarts: 200 } });
    const r = await runRl({ config: sac, runDir: null, progress: false, print: () => undefined, backend: 'wasm', distributed: { target, runId: 'sac', localActors: 0, config: { actors: 1, batchSize: 20 } } });
    expect(r.result.reason).toBe('completed');
    expect(r.result.steps).toBe(600);
    expect((r.summary.distributed as Record<string, number>).transitions).toBe(600);
    const a = await actor;
    expect(a.reason).toBe('done');
    expect(a.weightLoads).toBeGreaterThan(1);
  }, 120_000);

  it('trains PPO from rollouts of two actors, each tagged with its weights; stale rollouts are dropped and counted', async () => {
    const redis = await server();
    const target = redisTarget(redis.url, {});
    const actors = [0, 1].map(async (index) => {
      await sleep(200);
      return runActor({ target, runId: 'ppo', index });
    });
    const ppo = trainConfig({ env: 'CartPole-v1', agent: 'ppo', seed: 0, steps: 2000, numEnvs: 2, evalEvery: 0, evalEpisodes: 2, testEpisodes: 0, agentConfig: { nSteps: 16, hiddenLayers: [16], epochs: 2, minibatchSize: 16 } });
    const episodes: number[] = [];
    const r = await runRl({
      config: ppo, runDir: null, progress: false, print: () => undefined, backend: 'wasm', distributed: { target, runId: 'ppo', localActors: 0, config: { actors: 2 } },
      extraCallbacks: [{ onEpisodeEnd: (e) => void episodes.push(e.return) }],
    });
    expect(r.result.reason).toBe('completed');
    const d = r.summary.distributed as { transitions: number; batches: number; staleRollouts: number; staleTransitions: number; droppedAtEnd: number };
    const used = d.transitions / 32;
    expect(Number.isInteger(used)).toBe(true); // whole rollouts of 16 steps x 2 copies
    expect(d.transitions).toBeGreaterThanOrEqual(2000);
    expect(d.batches).toBe(used + d.staleRollouts + d.droppedAtEnd / 32); // every rollout used, dropped as stale, or past the end
    expect(d.staleTransitions).toBe(32 * d.staleRollouts);
    expect(episodes.length).toBeGreaterThan(10); // the actors' episodes reach the learner's callbacks
    const results = await Promise.all(actors);
    expect(results.every((a) => a.reason === 'done' && a.weightLoads > 1)).toBe(true);
  }, 120_000);

  it('connects over TLS (rediss://) with the CA given in TFGYM_REDIS_CA, and refuses an unknown CA', async () => {
    const certs = makeCertificates(tmp());
    const redis = await server({ tls: certs });
    const target = redisTarget(redis.url, { TFGYM_REDIS_CA: certs.ca });
    const client = await connectRedis(target, { name: 'tls-test' });
    expect(await client.ping()).toBe('PONG');
    closeRedis(client);
    const actor = (async () => {
      await sleep(200);
      return runActor({ target, runId: 'tls', index: 0 });
    })();
    const r = await runRl({ config: config(600), runDir: null, progress: false, print: () => undefined, backend: 'wasm', distributed: { target, runId: 'tls', localActors: 0, config: { actors: 1 } } });
    expect(r.result.steps).toBe(600);
    expect((await actor).reason).toBe('done');
    await expect(connectRedis(redisTarget(redis.url, {}), { name: 'no-ca' })).rejects.toThrow(/could not connect to Redis at rediss:\/\/127\.0\.0\.1:\d+\/0: .*(self.signed|certificate)/i);
  }, 120_000);
});

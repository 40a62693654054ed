/**
 * A learner's local actors: `tfgym actor` child processes (visible as such in the process list).
 * Their command line names the Redis server without its password; the password reaches them in
 * their environment only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PASSWORD_ENV, type RedisTarget } from './redis.js';

const BIN = fileURLToPath(new URL('../../../bin/tfgym.js', import.meta.url));

export interface LocalActors {
  readonly children: ChildProcess[];
  /** Stops them (SIGTERM, then SIGKILL after `graceMs`) and waits for their exit. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnActors(target: RedisTarget, runId: string, count: number, backend: string, log: (line: string) => void): LocalActors {
  const children = Array.from({ length: count }, (_, index) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TFGYM_BACKEND: backend };
    if (target.password !== null) env[PASSWORD_ENV] = target.password;
    const child = spawn(process.execPath, [BIN, 'actor', '--redis', target.display, '--run', runId, '--index', String(index), '--backend', backend], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (data: Buffer) => {
      for (const line of data.toString().split('\n')) if (line.trim()) log(`[actor ${index}] ${line}`);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('exit', (code, signal) => { if (code !== 0 && signal !== 'SIGTERM') log(`[actor ${index}] exited (${signal ?? `code ${code}`})`); });
    return child;
  });
  return {
    children,
    async stop(graceMs = 5000) {
      await Promise.all(children.map((c) => new Promise<void>((done) => {
        if (c.exitCode !== null || c.signalCode !== null) return done();
        const kill = setTimeout(() => c.kill('SIGKILL'), graceMs);
        c.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        c.kill('SIGTERM');
      })));
    },
  };
}

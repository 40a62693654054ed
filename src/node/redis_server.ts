/**
 * A throwaway local redis-server (Debian's `redis-server` binary) for tests and benchmarks: its own
 * free port, a temporary folder, no persistence (a restart loses everything, as a cache-configured
 * Redis does), bound to 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
export const redisAvailable = found.status === 0;
export const REDIS_SKIP = 'redis-server is not installed (apt-get install redis-server); skipped';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface RedisServerOptions {
  password?: string;
  /** Serve TLS only (on the port), with these PEM files; clients need not present certificates. */
  tls?: { cert: string; key: string; ca: string };
}

export class RedisServer {
  private child: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'tfgym-redis-'));
  port = 0;

  constructor(private readonly options: RedisServerOptions = {}) {}

  get url(): string {
    return `${this.options.tls ? 'rediss' : 'redis'}://127.0.0.1:${this.port}/0`;
  }

  /** Starts (again, on the same port after a kill). */
  async start(): Promise<this> {
    if (this.port === 0) this.port = await freePort();
    const tls = this.options.tls;
    const ports = tls ? ['--port', '0', '--tls-port', String(this.port), '--tls-cert-file', tls.cert, '--tls-key-file', tls.key, '--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no'] : ['--port', String(this.port)];
    const args = [...ports, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...(this.options.password ? ['--requirepass', this.options.password] : [])];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let out = '';
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`redis-server did not start in 10 s: ${out}`)), 10_000);
      child.stdout?.on('data', (d) => {
        out += d;
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          ok();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`redis-server exited with code ${code}: ${out}`));
      });
    });
    return this;
  }

  /** Kills the server (SIGKILL: nothing is saved) and waits for it to be gone. */
  async kill(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((ok) => {
      c.once('exit', () => ok());
      c.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

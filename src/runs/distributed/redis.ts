/**
 * The Redis side of distributed runs: one way to read a `redis://` / `rediss://` URL, to connect
 * (ioredis, reconnecting forever with a capped back-off), and to name a run's keys.
 *
 * The password is taken from the URL or from `TFGYM_REDIS_PASSWORD` and never written back out:
 * {@link RedisTarget.display} (what logs, run folders and child processes' arguments carry) has
 * none, and the child actors a learner starts receive it in their environment, not their argv.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Redis } from 'ioredis';
import { InvalidArgumentError, describe } from '../../core/errors.js';

/** Environment variable with the Redis password (beside, or instead of, one in the URL). */
export const PASSWORD_ENV = 'TFGYM_REDIS_PASSWORD';
/** Environment variable naming a PEM file of the CA that signed a `rediss://` server's certificate. */
export const CA_ENV = 'TFGYM_REDIS_CA';

/** Where and how to connect (ioredis options). */
export interface RedisConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: ConnectionOptions;
}

export interface RedisTarget {
  /** The URL without its password: safe to log, store and pass on a command line. */
  display: string;
  /** Whether a password is in use (from the URL or the environment). */
  hasPassword: boolean;
  options: RedisConnection;
  /** The password, for the environment of child processes (never for printing). */
  password: string | null;
}

/** Reads a Redis URL: `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS). */
export function redisTarget(url: string, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidArgumentError(`--redis must be a URL like redis://host:6379/0, got ${describe(redact(url))}`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new InvalidArgumentError(`--redis must start with redis:// or rediss:// (TLS), got ${describe(`${u.protocol}//…`)}`);
  if (!u.hostname) throw new InvalidArgumentError(`--redis needs a host, got ${describe(redact(url))}`);
  const port = u.port ? Number(u.port) : 6379;
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!(Number.isInteger(db) && db >= 0 && db <= 15 && /^\d*$/.test(dbText))) throw new InvalidArgumentError(`--redis database (the URL's path) must be an integer 0-15, got ${describe(dbText)}`);
  const password = u.password ? decodeURIComponent(u.password) : (env[PASSWORD_ENV] ?? null);
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const tls = u.protocol === 'rediss:';
  const ca = env[CA_ENV];
  const options: RedisConnection = {
    host: u.hostname.replace(/^\[|\]$/g, ''), port, db,
    ...(username ? { username } : {}), ...(password ? { password } : {}),
    ...(tls ? { tls: { ...(isIP(hostOf(u)) ? {} : { servername: u.hostname }), ...(ca ? { ca: readCa(ca) } : {}) } } : {}),
  };
  const display = `${u.protocol}//${username ? `${username}@` : ''}${u.hostname}:${port}/${db}`;
  return { display, hasPassword: password !== null, options, password };
}

const hostOf = (u: URL): string => u.hostname.replace(/^\[|\]$/g, '');

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InvalidArgumentError(`${CA_ENV} must name a readable PEM file, got ${describe(path)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** `url` with any password replaced by `***` (for error messages about a URL that did not parse). */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

export interface ConnectOptions {
  /** Shown in CLIENT LIST (e.g. `tfgym-learner`). */
  name: string;
  /** Called on each lost connection and reconnection, with a line for the log (no password). */
  onEvent?: (line: string) => void;
}

/**
 * A connected client. It reconnects forever (back-off capped at 2 s); a command issued while the
 * server is away waits for the reconnection rather than failing, so a restarted Redis costs time,
 * not the run. Rejects when the first connection fails (wrong host, password or certificate).
 */
export async function connectRedis(target: RedisTarget, options: ConnectOptions): Promise<Redis> {
  const client = new Redis({
    ...target.options, connectionName: options.name, lazyConnect: true, maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(50 * times, 2000),
  });
  let ready = false;
  let lastError: Error | null = null;
  client.on('error', (e: Error) => void (lastError = e)); // reported through 'close' / 'ready' below, or by connect()
  client.on('close', () => { if (ready) options.onEvent?.(`redis: lost the connection to ${target.display}; reconnecting`); });
  client.on('ready', () => { if (ready) options.onEvent?.(`redis: reconnected to ${target.display}`); ready = true; });
  try {
    await client.connect();
    ready = true;
  } catch (e) {
    client.disconnect();
    const why = (lastError as Error | null)?.message ?? (e as Error).message;
    throw new InvalidArgumentError(`could not connect to Redis at ${target.display}: ${target.password ? why.split(target.password).join('***') : why}`);
  }
  return client;
}

/** Disconnects without reporting it as a lost connection. */
export function closeRedis(client: Redis): void {
  client.removeAllListeners('close');
  client.removeAllListeners('ready');
  client.disconnect();
}

/** Run ids name key prefixes: letters, digits, `-`, `_` and `.`, up to 100 characters. */
export function checkRunId(runId: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(runId)) throw new InvalidArgumentError(`run id must be 1-100 letters, digits, '.', '_' or '-', got ${describe(runId)}`);
  return runId;
}

/** Every key of run `runId` lives under `tfgym:RUN_ID:`, so runs never mix. */
export function runKeys(runId: string) {
  const p = `tfgym:${checkRunId(runId)}:`;
  return {
    prefix: p,
    /** The run config actors build from (JSON). */
    config: `${p}config`,
    /** Stream of transition batches, actors to learner. */
    experience: `${p}experience`,
    /** Hash: `version` and `data` (the acting weights). */
    weights: `${p}weights`,
    /** `done` once the learner has finished: actors exit. */
    status: `${p}status`,
    /** Per-actor liveness keys `…actor:I` (expire when an actor stops reporting). */
    actor: (index: number) => `${p}actor:${index}`,
    /** Counter handing out actor indices to actors that join without one. */
    nextActor: `${p}next-actor`,
  };
}

export type RunKeys = ReturnType<typeof runKeys>;

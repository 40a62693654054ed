/** Option parsing and helpers shared by the tfgym commands. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initBackend, parseBackend } from '../backend/index.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { mergeLayers } from '../runs/hyperparams.js';

export interface Parsed {
  command: string | undefined;
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

export function intOption(values: Parsed['values'], name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  // Decimal digits only: Number() would also take "0x10", "1e3" or " 5".
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`--${name} must be a non-negative integer, got ${describe(v)}`);
  return n;
}

/** Keys that would reach an object's prototype when merged (`Object.assign`, spreads). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first forbidden key inside `value`, or null. */
function forbiddenKey(value: unknown, path: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const [k, v] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    if (!Array.isArray(value) && FORBIDDEN_KEYS.has(k)) return at;
    const inner = forbiddenKey(v, at);
    if (inner) return inner;
  }
  return null;
}

export function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new InvalidArgumentError(`${what} ${path} does not exist`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InvalidArgumentError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const bad = forbiddenKey(value, '');
  if (bad) throw new InvalidArgumentError(`${what} ${path} has a key that is not allowed at ${bad} (__proto__, constructor and prototype are refused)`);
  return value;
}

export function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export interface CliIo {
  print: (line: string) => void;
  error: (line: string) => void;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

export async function backendFor(values: Parsed['values'], io: CliIo): Promise<string> {
  const info = await initBackend({ backend: values.backend === undefined ? parseBackend(process.env.TFGYM_BACKEND, 'TFGYM_BACKEND') : parseBackend(values.backend, '--backend') });
  io.print(`tensor backend: ${info.name}${info.skipped.length ? ` (not available: ${info.skipped.map((s) => s.name).join(', ')})` : ''}`);
  return info.name;
}

/** --render [--port N] [--host H] [--linger S]: stream the run to the live viewer. */
export function renderOptions(v: Parsed['values']): { render?: { port: number; host: string; linger: number; plugins: string[] } } {
  if (!v.render) {
    for (const k of ['port', 'host', 'linger', 'viewer-plugin']) if (v[k] !== undefined) throw new InvalidArgumentError(`--${k} goes with --render`);
    return {};
  }
  const port = intOption(v, 'port') ?? 0;
  if (port > 65535) throw new InvalidArgumentError(`--port must be at most 65535, got ${port}`);
  return { render: { port, host: typeof v.host === 'string' ? v.host : '127.0.0.1', linger: intOption(v, 'linger') ?? (process.stdout.isTTY ? 3600 : 0), plugins: pluginFiles(v) } };
}

export function pluginFiles(v: Parsed['values']): string[] {
  const files = (v['viewer-plugin'] as string[] | undefined) ?? [];
  for (const f of files) if (!existsSync(f)) throw new InvalidArgumentError(`--viewer-plugin ${f} does not exist`);
  return files.map((f) => resolve(f));
}

/** A run config's layers, lowest first: `base` (a preset), the --config file, then the given `flags` (undefined ones skipped). */
export function layeredConfig(v: Parsed['values'], base: object, flags: Record<string, unknown>): Record<string, unknown> {
  return mergeLayers(base, typeof v.config === 'string' ? (readJson(v.config, 'config file') as object) : {}, flags);
}

/** A new run's folder: --out, or runs/NAME-TIME; printed. */
export function runFolder(v: Parsed['values'], io: CliIo, defaultName: string): string {
  const runDir = resolve(typeof v.out === 'string' ? v.out : join('runs', `${defaultName.replace(/\//g, '_')}-${timestamp()}`));
  io.print(`run folder: ${runDir}`);
  return runDir;
}

/** What a training or resuming command passes to the runs library: backend, progress display, viewer, signal. */
export async function trainingOptions(v: Parsed['values'], io: CliIo) {
  const backend = await backendFor(v, io);
  return { backend, progress: v['no-progress'] !== true && Boolean(process.stderr.isTTY), print: io.print, ...renderOptions(v), ...(io.signal ? { signal: io.signal } : {}) };
}

/** What a new run takes: its folder (refused when not empty, unless --overwrite) and the training options. */
export async function runSetup(v: Parsed['values'], io: CliIo, defaultName: string) {
  const options = await trainingOptions(v, io);
  return { runDir: runFolder(v, io, defaultName), overwrite: v.overwrite === true, ...options };
}

/**
 * Checkpoint files. A checkpoint is a folder `step-000012000/` holding `meta.json` (counters,
 * config, random states, and an index of the arrays) and `arrays.bin` (the arrays' bytes). It is
 * written into a temporary folder and renamed into place, so a crash never leaves a half-written
 * checkpoint where a good one is expected, and the newest complete checkpoints are kept.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentSnapshot, SavedArray } from '../core/agent.js';
import * as z from 'zod';
import { checkValue } from '../core/config.js';
import { CheckpointError, describe } from '../core/errors.js';
import type { RunSnapshot } from './callback.js';


const FORMAT = 'tfgym-checkpoint-1';
type DType = 'float32' | 'float64' | 'int32' | 'uint8';
const CTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array } as const;

function dtypeOf(a: SavedArray['data']): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'uint8';
}

export function checkpointName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

/** Writes `snapshot` as `dir/step-…` (atomically) and returns its path. */
export function writeCheckpoint(dir: string, snapshot: RunSnapshot): string {
  mkdirSync(dir, { recursive: true });
  const final = join(dir, checkpointName(snapshot.step));
  const tmp = join(dir, `.${checkpointName(snapshot.step)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const index: Record<string, { dtype: DType; shape: number[]; offset: number; length: number }> = {};
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, arr] of Object.entries(snapshot.agent.arrays)) {
    const bytes = new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength).slice();
    const pad = (8 - (offset % 8)) % 8; // keep every array 8-byte aligned
    if (pad) chunks.push(new Uint8Array(pad));
    offset += pad;
    index[name] = { dtype: dtypeOf(arr.data), shape: arr.shape, offset, length: arr.data.length };
    chunks.push(bytes);
    offset += bytes.length;
  }
  const blob = new Uint8Array(offset);
  let o = 0;
  for (const c of chunks) {
    blob.set(c, o);
    o += c.length;
  }
  writeFileSync(join(tmp, 'arrays.bin'), blob);
  const meta = {
    format: FORMAT,
    step: snapshot.step,
    episode: snapshot.episode,
    midEpisode: snapshot.midEpisode,
    envRng: snapshot.envRng,
    run: snapshot.run,
    agent: { kind: snapshot.agent.kind, meta: snapshot.agent.meta },
    arrays: index,
    bytes: offset,
  };
  writeFileSync(join(tmp, 'meta.json'), JSON.stringify(meta));
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  return final;
}

const DTYPES = ['float32', 'float64', 'int32', 'uint8'] as const;

/** The schema of meta.json: every field is checked before anything is read from arrays.bin. */
const META = z.object({
  format: z.string(),
  step: z.int().min(0),
  episode: z.int().min(0),
  midEpisode: z.boolean(),
  envRng: z.unknown(),
  run: z.object({
    kind: z.enum(['rl', 'supervised']), runDir: z.string().nullable(), task: z.string(), algorithm: z.string(), seed: z.int().min(0),
    config: z.record(z.string(), z.unknown()), total: z.int().min(1), start: z.int().min(0), backend: z.string().nullable(),
  }),
  agent: z.strictObject({ kind: z.string().min(1), meta: z.record(z.string(), z.unknown()) }),
  arrays: z.record(z.string(), z.strictObject({ dtype: z.enum(DTYPES), shape: z.array(z.int().min(0)), offset: z.int().min(0), length: z.int().min(0) })),
  bytes: z.int().min(0),
});

/** Reads a checkpoint folder back; every inconsistency is a {@link CheckpointError}. */
export function readCheckpoint(path: string): RunSnapshot {
  const metaPath = join(path, 'meta.json');
  const binPath = join(path, 'arrays.bin');
  if (!existsSync(metaPath) || !existsSync(binPath)) {
    throw new CheckpointError(`checkpoint ${path} is incomplete: it needs meta.json and arrays.bin`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (e) {
    throw new CheckpointError(`checkpoint ${path} is corrupt: meta.json is not valid JSON (${(e as Error).message})`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== FORMAT) throw new CheckpointError(`checkpoint ${path} has format ${describe(format)}, expected ${FORMAT}`);
  let meta: z.infer<typeof META>;
  try {
    meta = checkValue('meta.json', META, raw);
  } catch (e) {
    throw new CheckpointError(`checkpoint ${path} is corrupt: ${(e as Error).message}`);
  }
  const bin = readFileSync(binPath);
  if (bin.length !== meta.bytes) throw new CheckpointError(`checkpoint ${path} is corrupt: arrays.bin has ${bin.length} bytes, meta.json says ${meta.bytes}`);
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length);
  const arrays: AgentSnapshot['arrays'] = {};
  for (const [name, a] of Object.entries(meta.arrays)) {
    const Ctor = CTORS[a.dtype];
    if (a.offset + a.length * Ctor.BYTES_PER_ELEMENT > bin.length) throw new CheckpointError(`checkpoint ${path} is corrupt: array ${name} lies outside arrays.bin`);
    if (a.offset % Ctor.BYTES_PER_ELEMENT !== 0) throw new CheckpointError(`checkpoint ${path} is corrupt: array ${name} starts at byte ${a.offset}, not a multiple of its ${Ctor.BYTES_PER_ELEMENT}-byte ${a.dtype} elements`);
    const size = a.shape.reduce((p, d) => p * d, 1);
    if (size !== a.length) throw new CheckpointError(`checkpoint ${path} is corrupt: array ${name} has shape [${a.shape.join(', ')}] (${size} values) but length ${a.length}`);
    const data = new Ctor(buffer, a.offset, a.length);
    if (a.dtype === 'float32' || a.dtype === 'float64') {
      const bad = (data as Float32Array | Float64Array).findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new CheckpointError(`checkpoint ${path} is corrupt: array ${name} holds ${data[bad]} at index ${bad} (weights and state must be finite)`);
    }
    arrays[name] = { shape: a.shape, data };
  }
  return {
    step: meta.step,
    episode: meta.episode,
    midEpisode: meta.midEpisode,
    envRng: meta.envRng,
    run: meta.run as RunSnapshot['run'],
    agent: { kind: meta.agent.kind, meta: meta.agent.meta, arrays },
  };
}

/** Complete checkpoints in `dir`, oldest first. */
export function listCheckpoints(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^step-\d+$/.test(n) && statSync(join(dir, n)).isDirectory())
    .sort()
    .map((n) => join(dir, n));
}

/**
 * Removes the temporary folders of checkpoints whose writing was cut short (a process killed
 * mid-write leaves `.step-….tmp-PID`); complete checkpoints are never touched.
 */
export function removeUnfinishedCheckpoints(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (/^\.step-\d+\.tmp-\d+$/.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
}

/** Removes all but the newest `keep` checkpoints. */
export function pruneCheckpoints(dir: string, keep: number): void {
  const all = listCheckpoints(dir);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(old, { recursive: true, force: true });
}

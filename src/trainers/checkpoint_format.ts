/**
 * The checkpoint format, without files: a snapshot as `meta.json` (counters, config, random
 * states, and an index of the arrays) plus `arrays.bin` (the arrays' bytes, 8-byte aligned), and
 * back, with every field checked. Node writes the two as a folder (`checkpoint_io.ts`); the
 * playground and `tfgym eval` also carry them as one tar file (`step-…/meta.json`,
 * `step-…/arrays.bin`), which this module packs and unpacks too.
 */
import * as z from 'zod';
import type { AgentSnapshot, SavedArray } from '../core/agent.js';
import { checkValue } from '../core/config.js';
import { CheckpointError, describe } from '../core/errors.js';
import { readTar, writeTar } from '../core/tar.js';
import type { RunSnapshot } from './callback.js';

export const CHECKPOINT_FORMAT = 'tfgym-checkpoint-1';
const DTYPES = ['float32', 'float64', 'int32', 'uint8'] as const;
type DType = (typeof DTYPES)[number];
const CTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array } as const;

function dtypeOf(a: SavedArray['data']): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'uint8';
}

/** The folder name of the checkpoint at `step`: `step-000012000`. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

/** `snapshot` as the text of meta.json and the bytes of arrays.bin. */
export function encodeCheckpoint(snapshot: RunSnapshot): { meta: string; arrays: Uint8Array } {
  const index: Record<string, { dtype: DType; shape: number[]; offset: number; length: number }> = {};
  const placed: { at: number; bytes: Uint8Array }[] = [];
  let offset = 0;
  for (const [name, arr] of Object.entries(snapshot.agent.arrays)) {
    offset += (8 - (offset % 8)) % 8; // keep every array 8-byte aligned
    const bytes = new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength);
    index[name] = { dtype: dtypeOf(arr.data), shape: arr.shape, offset, length: arr.data.length };
    placed.push({ at: offset, bytes });
    offset += bytes.length;
  }
  const arrays = new Uint8Array(offset);
  for (const p of placed) arrays.set(p.bytes, p.at);
  const meta = {
    format: CHECKPOINT_FORMAT,
    step: snapshot.step,
    episode: snapshot.episode,
    midEpisode: snapshot.midEpisode,
    envRng: snapshot.envRng,
    run: snapshot.run,
    agent: { kind: snapshot.agent.kind, meta: snapshot.agent.meta },
    arrays: index,
    bytes: offset,
  };
  return { meta: JSON.stringify(meta), arrays };
}

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

/**
 * The snapshot held by meta.json's text and arrays.bin's bytes; `where` names the checkpoint in
 * errors. Every inconsistency is a {@link CheckpointError}.
 */
export function decodeCheckpoint(where: string, metaText: string, bin: Uint8Array): RunSnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(metaText);
  } catch (e) {
    throw new CheckpointError(`checkpoint ${where} is corrupt: meta.json is not valid JSON (${(e as Error).message})`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== CHECKPOINT_FORMAT) throw new CheckpointError(`checkpoint ${where} has format ${describe(format)}, expected ${CHECKPOINT_FORMAT}`);
  let meta: z.infer<typeof META>;
  try {
    meta = checkValue('meta.json', META, raw);
  } catch (e) {
    throw new CheckpointError(`checkpoint ${where} is corrupt: ${(e as Error).message}`);
  }
  if (bin.length !== meta.bytes) throw new CheckpointError(`checkpoint ${where} is corrupt: arrays.bin has ${bin.length} bytes, meta.json says ${meta.bytes}`);
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) as ArrayBuffer;
  const arrays: AgentSnapshot['arrays'] = {};
  for (const [name, a] of Object.entries(meta.arrays)) {
    const Ctor = CTORS[a.dtype];
    if (a.offset + a.length * Ctor.BYTES_PER_ELEMENT > bin.length) throw new CheckpointError(`checkpoint ${where} is corrupt: array ${name} lies outside arrays.bin`);
    if (a.offset % Ctor.BYTES_PER_ELEMENT !== 0) throw new CheckpointError(`checkpoint ${where} is corrupt: array ${name} starts at byte ${a.offset}, not a multiple of its ${Ctor.BYTES_PER_ELEMENT}-byte ${a.dtype} elements`);
    const size = a.shape.reduce((p, d) => p * d, 1);
    if (size !== a.length) throw new CheckpointError(`checkpoint ${where} is corrupt: array ${name} has shape [${a.shape.join(', ')}] (${size} values) but length ${a.length}`);
    const data = new Ctor(buffer, a.offset, a.length);
    if (a.dtype === 'float32' || a.dtype === 'float64') {
      const bad = (data as Float32Array | Float64Array).findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new CheckpointError(`checkpoint ${where} is corrupt: array ${name} holds ${data[bad]} at index ${bad} (weights and state must be finite)`);
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

/** `snapshot` as one tar file holding `step-…/meta.json` and `step-…/arrays.bin`. */
export function checkpointTar(snapshot: RunSnapshot): Uint8Array {
  const { meta, arrays } = encodeCheckpoint(snapshot);
  const dir = checkpointName(snapshot.step);
  return writeTar([{ name: `${dir}/meta.json`, data: new TextEncoder().encode(meta) }, { name: `${dir}/arrays.bin`, data: arrays }]);
}

/** The snapshot in a tar file made by {@link checkpointTar} (or by `tar -cf` of a checkpoint folder). */
export function checkpointFromTar(bytes: Uint8Array, where: string): RunSnapshot {
  return checkpointFromFiles(readTar(bytes, where), where);
}

/**
 * The snapshot in a set of named files (a tar's entries, or files a page was given): the one
 * `meta.json` among them (at any folder depth) and the `arrays.bin` beside it.
 */
export function checkpointFromFiles(files: ReadonlyMap<string, Uint8Array>, where: string): RunSnapshot {
  const metas = [...files.keys()].filter((n) => n === 'meta.json' || n.endsWith('/meta.json'));
  if (metas.length !== 1) {
    throw new CheckpointError(`${where} must hold one checkpoint (a meta.json and an arrays.bin), found ${metas.length} meta.json in [${[...files.keys()].join(', ')}]`);
  }
  const metaName = metas[0] as string;
  const bin = files.get(`${metaName.slice(0, -'meta.json'.length)}arrays.bin`);
  if (!bin) throw new CheckpointError(`checkpoint ${where} is incomplete: it has ${metaName} but no arrays.bin beside it`);
  return decodeCheckpoint(where, new TextDecoder().decode(files.get(metaName)), bin);
}

/**
 * Transition batches as stream entries: binary columns, not JSON. One entry is one actor's batch:
 * its index, sequence number (gaps = batches lost on the way) and policy version, then the columns
 * (little-endian typed arrays) and the episodes that ended inside the batch.
 *
 * Bytes per transition for a D-dimensional observation and a discrete action:
 * 4D (observation) + 4D (next observation) + 4 (action) + 8 (reward) + 1 (flags).
 */
import { InvalidArgumentError } from '../../core/errors.js';

/** An episode that ended in a batch: after transition `index`, with its return(s) and length. */
export interface EpisodeStat {
  index: number;
  return: number;
  /** The unshaped return when the env is shaped, else null. */
  rawReturn: number | null;
  length: number;
}

export interface TransitionBatch {
  actor: number;
  /** The actor's batch counter (0, 1, 2, …). */
  seq: number;
  /** Version of the weights that acted. */
  version: number;
  size: number;
  observationSize: number;
  actionSize: number;
  observations: Float32Array;
  nextObservations: Float32Array;
  /** Int32 for discrete actions, Float32 for continuous ones. */
  actions: Int32Array | Float32Array;
  rewards: Float64Array;
  /** bit 0: terminated, bit 1: truncated. */
  flags: Uint8Array;
  episodes: EpisodeStat[];
}

const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The XADD field/value list of a batch. */
export function encodeBatch(b: TransitionBatch): (string | Buffer)[] {
  const episodes = episodeColumn(b.episodes);
  return [
    'h', `${b.actor} ${b.seq} ${b.version} ${b.size} ${b.observationSize} ${b.actionSize} ${b.actions instanceof Int32Array ? 'i' : 'f'}`,
    'o', bytes(b.observations), 'x', bytes(b.nextObservations), 'u', bytes(b.actions), 'r', bytes(b.rewards), 'd', bytes(b.flags), 'e', bytes(episodes),
  ];
}

/** Copies `buf` into a fresh, aligned typed array of `n` elements (throws when the size is wrong). */
function column<T extends Float32Array | Float64Array | Int32Array | Uint8Array>(Kind: { new (n: number): T; BYTES_PER_ELEMENT: number }, buf: Buffer | undefined, n: number, name: string): T {
  if (!buf || buf.byteLength !== n * Kind.BYTES_PER_ELEMENT) throw new InvalidArgumentError(`experience entry column ${name} has ${buf?.byteLength ?? 'no'} bytes, expected ${n * Kind.BYTES_PER_ELEMENT}`);
  const out = new Kind(n);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** An entry's fields by name (ioredis hands them back as a flat name, value, name, value list). */
function fieldMap(fields: readonly Buffer[]): Map<string, Buffer> {
  const f = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set((fields[i] as Buffer).toString(), fields[i + 1] as Buffer);
  return f;
}

/** A batch back from the stream entry's fields (as ioredis returns them: a flat Buffer list). */
export function decodeBatch(fields: Buffer[]): TransitionBatch {
  const f = fieldMap(fields);
  const head = f.get('h')?.toString().split(' ') ?? [];
  const [actor, seq, version, size, observationSize, actionSize] = head.slice(0, 6).map(Number) as number[];
  if (head.length !== 7 || [actor, seq, version, size, observationSize, actionSize].some((v) => !Number.isSafeInteger(v) || (v as number) < 0)) {
    throw new InvalidArgumentError(`experience entry header must be 'actor seq version size obsSize actSize i|f', got ${JSON.stringify(f.get('h')?.toString() ?? null)}`);
  }
  const n = size as number;
  const d = observationSize as number;
  const e = f.get('e');
  const episodes = episodesOf(column(Float64Array, e, (e?.byteLength ?? 0) / 8, 'e'));
  return {
    actor: actor as number, seq: seq as number, version: version as number, size: n, observationSize: d, actionSize: actionSize as number,
    observations: column(Float32Array, f.get('o'), n * d, 'o'), nextObservations: column(Float32Array, f.get('x'), n * d, 'x'),
    actions: head[6] === 'i' ? column(Int32Array, f.get('u'), n * (actionSize as number), 'u') : column(Float32Array, f.get('u'), n * (actionSize as number), 'u'),
    rewards: column(Float64Array, f.get('r'), n, 'r'), flags: column(Uint8Array, f.get('d'), n, 'd'), episodes,
  };
}

/** Bytes a batch of `n` transitions takes in its columns (what the stream stores, before Redis' own overhead). */
export function batchBytes(n: number, observationSize: number, actionSize: number): number {
  return n * (8 * observationSize + 4 * actionSize + 8 + 1);
}

/** Acting weights as one value: a JSON header (shapes), padded to 4 bytes, then the float32 data. */
export function encodeWeights(weights: readonly { shape: number[]; data: ArrayLike<number> }[]): Buffer {
  const header = Buffer.from(JSON.stringify(weights.map((w) => w.shape)));
  const pad = (4 - ((4 + header.byteLength) % 4)) % 4;
  const total = weights.reduce((n, w) => n + w.data.length, 0);
  const out = Buffer.alloc(4 + header.byteLength + pad + 4 * total);
  out.writeUInt32LE(header.byteLength, 0);
  header.copy(out, 4);
  const data = new Float32Array(out.buffer, out.byteOffset + 4 + header.byteLength + pad, total);
  let at = 0;
  for (const w of weights) {
    data.set(w.data, at);
    at += w.data.length;
  }
  return out;
}

export function decodeWeights(buf: Buffer): { shape: number[]; data: Float32Array }[] {
  const n = buf.byteLength >= 4 ? buf.readUInt32LE(0) : -1;
  let shapes: number[][];
  try {
    shapes = JSON.parse(buf.subarray(4, 4 + n).toString()) as number[][];
  } catch {
    throw new InvalidArgumentError(`published weights have an unreadable header (${buf.byteLength} bytes)`);
  }
  const pad = (4 - ((4 + n) % 4)) % 4;
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const expected = 4 + n + pad + 4 * sizes.reduce((a, b) => a + b, 0);
  if (buf.byteLength !== expected) throw new InvalidArgumentError(`published weights have ${buf.byteLength} bytes, expected ${expected} for shapes ${JSON.stringify(shapes)}`);
  const all = new Float32Array(sizes.reduce((a, b) => a + b, 0));
  new Uint8Array(all.buffer).set(buf.subarray(4 + n + pad));
  let at = 0;
  return shapes.map((shape, i) => {
    const data = all.slice(at, at + (sizes[i] as number));
    at += sizes[i] as number;
    return { shape, data };
  });
}

/** A rollout of an on-policy actor, tagged like a batch (actor, sequence number, policy version). */
export interface RolloutEntry {
  actor: number;
  seq: number;
  version: number;
  rollout: import('../../core/agent.js').Rollout;
  /** Episodes that ended in the rollout (`index`: the step t within it). */
  episodes: EpisodeStat[];
}

function episodeColumn(episodes: readonly EpisodeStat[]): Float64Array {
  const out = new Float64Array(episodes.length * 4);
  episodes.forEach((e, i) => out.set([e.index, e.return, e.rawReturn ?? Number.NaN, e.length], i * 4));
  return out;
}

function episodesOf(col: Float64Array): EpisodeStat[] {
  const out: EpisodeStat[] = [];
  for (let i = 0; i + 3 < col.length; i += 4) out.push({ index: col[i] as number, return: col[i + 1] as number, rawReturn: Number.isNaN(col[i + 2]) ? null : (col[i + 2] as number), length: col[i + 3] as number });
  return out;
}

export function encodeRollout(e: RolloutEntry): (string | Buffer)[] {
  const r = e.rollout;
  const obsSize = r.lastNext.length / r.numEnvs;
  const actSize = r.actions.length / (r.numEnvs * r.steps);
  return [
    'h', `rollout ${e.actor} ${e.seq} ${e.version} ${r.numEnvs} ${r.steps} ${obsSize} ${actSize}`,
    'o', bytes(r.observations), 'u', bytes(r.actions), 'r', bytes(r.rewards), 'd', bytes(r.dones), 'v', bytes(r.values), 'l', bytes(r.logps), 'n', bytes(r.lastNext), 'e', bytes(episodeColumn(e.episodes)),
  ];
}

export function decodeRollout(fields: Buffer[]): RolloutEntry {
  const f = fieldMap(fields);
  const head = f.get('h')?.toString().split(' ') ?? [];
  const nums = head.slice(1).map(Number);
  if (head[0] !== 'rollout' || nums.length !== 7 || nums.some((v) => !Number.isSafeInteger(v) || v < 0)) {
    throw new InvalidArgumentError(`rollout entry header must be 'rollout actor seq version numEnvs steps obsSize actSize', got ${JSON.stringify(f.get('h')?.toString() ?? null)}`);
  }
  const [actor, seq, version, numEnvs, steps, obsSize, actSize] = nums as [number, number, number, number, number, number, number];
  const rows = numEnvs * steps;
  const e = f.get('e');
  return {
    actor, seq, version, episodes: episodesOf(column(Float64Array, e, (e?.byteLength ?? 0) / 8, 'e')),
    rollout: {
      numEnvs, steps, observations: column(Float32Array, f.get('o'), rows * obsSize, 'o'), actions: column(Float32Array, f.get('u'), rows * actSize, 'u'),
      rewards: column(Float64Array, f.get('r'), rows, 'r'), dones: column(Uint8Array, f.get('d'), rows, 'd'), values: column(Float64Array, f.get('v'), rows, 'v'),
      logps: column(Float64Array, f.get('l'), rows, 'l'), lastNext: column(Float32Array, f.get('n'), numEnvs * obsSize, 'n'),
    },
  };
}

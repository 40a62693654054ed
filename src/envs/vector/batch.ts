/**
 * How sub-env observations and actions map to flat batches; shared by the sync and async vector
 * envs (and the worker thread), so both batch in exactly the same way.
 */
import { InvalidActionError, InvalidArgumentError, describe } from '../../core/errors.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete, MultiBinary, MultiDiscrete } from '../../core/spaces/discrete.js';
import { TYPED_ARRAY, type Dtype, type Space } from '../../core/spaces/space.js';
import type { Info } from '../../core/env.js';
import { AUTORESET_MODES, type AutoresetMode, type BatchArray, type VectorStepResult } from './types.js';

export interface BatchLayout {
  /** Numbers per element. */
  size: number;
  /** The typed-array type of a batch. */
  dtype: Dtype;
}

/** Batch layout of a space's elements; Tuple and Dict need a FlattenObservation first. */
export function batchLayout(space: Space<unknown>, what: string): BatchLayout {
  if (space instanceof Box) return { size: space.size, dtype: (space as Box<Dtype>).dtype };
  if (space instanceof Discrete) return { size: 1, dtype: 'int32' };
  if (space instanceof MultiDiscrete) return { size: space.nvec.length, dtype: 'int32' };
  if (space instanceof MultiBinary) return { size: space.size, dtype: 'int8' };
  throw new InvalidArgumentError(
    `vector envs batch Box, Discrete, MultiDiscrete and MultiBinary ${what} spaces; got ${String(space)} (wrap the env in FlattenObservation)`,
  );
}

/** A typed array for `n` elements, optionally in shared memory. */
export function allocate(layout: BatchLayout, n: number, shared: boolean): BatchArray {
  const ctor = TYPED_ARRAY[layout.dtype];
  const bytes = (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT * layout.size * n;
  if (!shared) return new ctor(layout.size * n);
  return new (ctor as unknown as new (b: SharedArrayBuffer) => BatchArray)(new SharedArrayBuffer(bytes));
}

/** Writes one observation into the batch at sub-env index i. */
export function writeObservation(batch: BatchArray, i: number, size: number, obs: unknown): void {
  if (typeof obs === 'number') batch[i * size] = obs;
  else batch.set(obs as ArrayLike<number>, i * size);
}

/** Extracts sub-env i's action from a flat batch, in the form the sub-env's space takes. */
export function readAction(space: Space<unknown>, actions: ArrayLike<number>, i: number, size: number): unknown {
  if (space instanceof Discrete) return actions[i];
  const out = space instanceof Box ? new TYPED_ARRAY[(space as Box<Dtype>).dtype](size) : space instanceof MultiBinary ? new Int8Array(size) : new Int32Array(size);
  for (let k = 0; k < size; k++) out[k] = actions[i * size + k] as number;
  return out;
}

export function checkActionBatch(actions: ArrayLike<number>, numEnvs: number, actionSize: number): void {
  if (actions === null || typeof actions !== 'object' || typeof actions.length !== 'number' || actions.length !== numEnvs * actionSize) {
    throw new InvalidActionError(
      `vector env step expects ${numEnvs * actionSize} actions (${numEnvs} envs x ${actionSize}), got ${describe(actions)}`,
    );
  }
}

export function checkAutoresetMode(mode: unknown): AutoresetMode {
  if (!AUTORESET_MODES.includes(mode as AutoresetMode)) {
    throw new InvalidArgumentError(`autoresetMode must be one of ${AUTORESET_MODES.join(', ')}, got ${describe(mode)}`);
  }
  return mode as AutoresetMode;
}

/** Seeds per sub-env from `reset`'s seed argument (Gymnasium: seed + i), or undefined. */
export function seedsFor(seed: number | readonly number[] | undefined, n: number): (number | undefined)[] {
  if (seed === undefined) return new Array<undefined>(n).fill(undefined);
  if (typeof seed === 'number') {
    if (!(Number.isSafeInteger(seed) && seed >= 0)) throw new InvalidArgumentError(`vector env reset seed must be a non-negative integer, got ${describe(seed)}`);
    return Array.from({ length: n }, (_, i) => seed + i);
  }
  if (!Array.isArray(seed) || seed.length !== n) {
    throw new InvalidArgumentError(`vector env reset seed must be a number or an array of ${n} numbers, got ${describe(seed)}`);
  }
  return [...seed];
}

/** Which sub-envs a reset applies to. */
export function maskFor(mask: ArrayLike<boolean | number> | undefined, n: number): boolean[] {
  if (mask === undefined) return new Array<boolean>(n).fill(true);
  if (mask.length !== n) throw new InvalidArgumentError(`vector env reset mask must have ${n} entries, got ${describe(mask)}`);
  return Array.from({ length: n }, (_, i) => Boolean(mask[i]));
}

/** What `reset`/`step` hand out: a copy of the batch buffer, or the buffer itself (`copy: false`). */
export function output<T extends BatchArray | Float64Array>(copy: boolean, a: T): T {
  return copy ? (a.slice() as T) : a;
}

/** The batch buffers a vector env's steps write into. */
export interface StepBuffers<O extends BatchArray> {
  readonly observations: O;
  readonly rewards: Float64Array;
  readonly terminations: Uint8Array;
  readonly truncations: Uint8Array;
}

/** A step's result read from the batch buffers, copied unless `copy` is false (see `output`). */
export function stepOutput<O extends BatchArray>(copy: boolean, b: StepBuffers<O>, infos: Info[]): VectorStepResult<O> {
  return {
    observations: output(copy, b.observations),
    rewards: output(copy, b.rewards),
    terminations: output(copy, b.terminations),
    truncations: output(copy, b.truncations),
    infos,
  };
}

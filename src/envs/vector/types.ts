/**
 * The vector-env contract (Gymnasium 1.x `VectorEnv`): `numEnvs` copies of an env stepped
 * together, with observations batched in one typed array (env i's observation at
 * `[i * obsSize, (i + 1) * obsSize)`), rewards in a Float64Array, flags in Uint8Arrays, and one
 * info object per env.
 */
import type { Info } from '../../core/env.js';
import type { Space } from '../../core/spaces/space.js';

/**
 * What happens when a sub-env's episode ends (Gymnasium's `AutoresetMode`):
 * - `next-step` (default): the following `step` resets that env instead of stepping it (its action
 *   is ignored) and returns the reset observation with reward 0 and both flags false;
 * - `same-step`: the env is reset within the same step; the returned observation is the new
 *   episode's first one, and `info.finalObservation` / `info.finalInfo` hold the last ones;
 * - `disabled`: nothing is reset; call `reset({ mask })` for the envs that ended.
 */
export type AutoresetMode = 'next-step' | 'same-step' | 'disabled';
export const AUTORESET_MODES: readonly AutoresetMode[] = ['next-step', 'same-step', 'disabled'];

/** A batch of observations: one typed array for all sub-envs. */
export type BatchArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

export interface VectorResetArgs {
  /** One seed (env i gets seed + i) or one per env. */
  seed?: number | readonly number[];
  /** Options passed to every sub-env's reset. */
  options?: Record<string, unknown>;
  /** Which sub-envs to reset (default all); the others keep their state and observations. */
  mask?: ArrayLike<boolean | number>;
}

export interface VectorResetResult<O extends BatchArray = Float32Array> {
  observations: O;
  infos: Info[];
}

export interface VectorStepResult<O extends BatchArray = Float32Array> {
  observations: O;
  rewards: Float64Array;
  terminations: Uint8Array;
  truncations: Uint8Array;
  infos: Info[];
}

export interface VectorEnv<O extends BatchArray = Float32Array> {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  /** The observation space of one sub-env. */
  readonly singleObservationSpace: Space<unknown>;
  /** The action space of one sub-env. */
  readonly singleActionSpace: Space<unknown>;
  /** Numbers per sub-env observation in the batch. */
  readonly observationSize: number;
  /** Numbers per sub-env action in `step`'s batch (1 for Discrete). */
  readonly actionSize: number;
  reset(args?: VectorResetArgs): VectorResetResult<O>;
  /** `actions` holds `actionSize` numbers per sub-env, env i's at `[i * actionSize, ...)`. */
  step(actions: ArrayLike<number>): VectorStepResult<O>;
  close(): void;
}

export interface VectorEnvOptions {
  /** Default `next-step`, as in Gymnasium 1.x. */
  autoresetMode?: AutoresetMode;
  /** Return fresh arrays from `reset`/`step` (default true); false reuses the same buffers. */
  copy?: boolean;
}

/**
 * `makeVec`: Gymnasium's `make_vec` for the sync and async vectorisation modes.
 */
import type { Env } from '../../core/env.js';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { make, type MakeOptions } from '../registry.js';
import type { AsyncVectorEnvOptions } from './async.js';
import { SyncVectorEnv } from './sync.js';
import type { BatchArray, VectorEnv, VectorEnvOptions } from './types.js';

export interface MakeVecOptions extends VectorEnvOptions {
  /** `sync` (default): one thread; `async`: one worker thread per sub-env (Node.js only). */
  vectorizationMode?: 'sync' | 'async';
  /** Options for `make` of each sub-env. */
  makeOptions?: MakeOptions;
  /** Applied to each sub-env after `make` (sync mode only: functions cannot cross threads). */
  wrappers?: readonly ((env: Env<unknown, unknown>) => Env<unknown, unknown>)[];
  /** Async mode: modules each worker imports first (to register custom env ids). */
  imports?: AsyncVectorEnvOptions['imports'];
  /** Async mode: how long one call may wait for a worker. */
  timeoutMs?: number;
}

/** Builds an async vector env; set by `async.ts` (worker threads are Node's, so browsers have none). */
type AsyncFactory = (id: string, numEnvs: number, options: AsyncVectorEnvOptions) => VectorEnv<BatchArray>;
let asyncFactory: AsyncFactory | null = null;

/** Called once by the async vector env's module when it loads. */
export function setAsyncVectorEnvFactory(factory: AsyncFactory): void {
  asyncFactory = factory;
}

export function makeVec<O extends BatchArray = Float32Array>(id: string, numEnvs: number, options: MakeVecOptions = {}): VectorEnv<O> {
  if (!(Number.isSafeInteger(numEnvs) && numEnvs > 0)) {
    throw new InvalidArgumentError(`makeVec numEnvs must be a positive integer, got ${describe(numEnvs)}`);
  }
  const mode = options.vectorizationMode ?? 'sync';
  const { vectorizationMode: _m, makeOptions, wrappers, imports, timeoutMs, ...vectorOptions } = options;
  if (mode === 'sync') {
    const build = (): Env<unknown, unknown> => (wrappers ?? []).reduce((env, w) => w(env), make(id, makeOptions));
    return new SyncVectorEnv<O>(Array.from({ length: numEnvs }, () => build), vectorOptions);
  }
  if (mode === 'async') {
    if (wrappers && wrappers.length > 0) {
      throw new InvalidArgumentError(`makeVec ${id}: wrappers are functions and cannot be sent to worker threads; use vectorizationMode "sync" or register a wrapped env id`);
    }
    if (!asyncFactory) throw new InvalidArgumentError(`makeVec ${id}: vectorizationMode "async" needs Node.js worker threads (tfgym's Node entry); use "sync"`);
    return asyncFactory(id, numEnvs, {
      ...vectorOptions,
      ...(makeOptions ? { makeOptions } : {}),
      ...(imports ? { imports } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    }) as VectorEnv<O>;
  }
  throw new InvalidArgumentError(`makeVec vectorizationMode must be "sync" or "async", got ${describe(mode)}`);
}

/**
 * Checks shared by the built-in envs: actions, reset bounds and exact-state reset options.
 */
import { InvalidActionError, InvalidArgumentError, describe } from '../core/errors.js';
import type { Space } from '../core/spaces/space.js';

/** Anything with a name for error messages (the env; its name is only read on failure). */
export interface Named {
  readonly name: string;
}

/** Throws {@link InvalidActionError} unless `action` is an element of `space`. */
export function assertAction(env: Named, space: Space<unknown>, action: unknown): void {
  if (!space.contains(action)) {
    throw new InvalidActionError(`${env.name} action must be an element of ${String(space)}, got ${describe(action)}`);
  }
}

/** Reads a numeric reset option, or returns `fallback` when it is absent. */
export function numberOption(envName: string, options: Record<string, unknown> | undefined, key: string, fallback: number): number {
  if (options === undefined || !(key in options) || options[key] === undefined) return fallback;
  const v = options[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InvalidArgumentError(`${envName} reset option "${key}" must be a finite number, got ${describe(v)}`);
  }
  return v;
}

/** Gymnasium's `maybe_parse_reset_bounds`: `{ low, high }` options with defaults, low <= high. */
export function resetBounds(
  envName: string,
  options: Record<string, unknown> | undefined,
  defaultLow: number,
  defaultHigh: number,
): [number, number] {
  const low = numberOption(envName, options, 'low', defaultLow);
  const high = numberOption(envName, options, 'high', defaultHigh);
  if (low > high) {
    throw new InvalidArgumentError(`${envName} reset options must have low <= high, got low=${low}, high=${high}`);
  }
  return [low, high];
}

/**
 * The `{ state }` reset option: an exact internal state to start from (the vector Gymnasium keeps
 * in `env.unwrapped.state`). Returns a float64 copy, or `null` when the option is absent.
 */
export function stateOption(envName: string, options: Record<string, unknown> | undefined, length: number): Float64Array | null {
  if (options === undefined || options.state === undefined) return null;
  const s = options.state;
  const ok =
    (Array.isArray(s) || (ArrayBuffer.isView(s) && !(s instanceof DataView))) &&
    (s as ArrayLike<unknown>).length === length &&
    Array.from(s as ArrayLike<unknown>).every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok) {
    throw new InvalidArgumentError(`${envName} reset option "state" must be an array of ${length} finite numbers, got ${describe(s)}`);
  }
  return Float64Array.from(s as ArrayLike<number>);
}

/** Python's float `%` (sign of the divisor), which Gymnasium's angle normalisation uses. */
export function pyMod(a: number, b: number): number {
  let m = a % b;
  if (m !== 0) {
    if (b < 0 !== m < 0) m += b;
  } else {
    m = b < 0 ? -0 : 0;
  }
  return m;
}

/**
 * Checks a continuous action: an array of `length` finite numbers. Values outside the space's
 * bounds are allowed here, because Gymnasium's continuous envs clip them (the passive checker
 * added by `make` warns about them).
 */
export function assertFiniteVector(env: Named, space: Space<unknown>, action: unknown, length: number): asserts action is ArrayLike<number> {
  let ok = (Array.isArray(action) || (ArrayBuffer.isView(action) && !(action instanceof DataView))) && (action as ArrayLike<unknown>).length === length;
  for (let i = 0; ok && i < length; i++) {
    const v = (action as ArrayLike<unknown>)[i];
    ok = typeof v === 'number' && v === v; // not NaN
  }
  if (!ok) {
    throw new InvalidActionError(
      `${env.name} action must be an array of ${length} numbers (not NaN) for ${String(space)}, got ${describe(action)}`,
    );
  }
}

/**
 * Validates an env's constructor options against a schema of allowed keys and their types:
 * unknown keys and wrong types are rejected (as Python rejects unexpected keyword arguments).
 */
export function checkEnvOptions(envName: string, options: unknown, schema: Record<string, 'boolean' | 'number'>): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(`${envName} options must be an object, got ${describe(options)}`);
  }
  const allowed = Object.keys(schema);
  for (const [key, value] of Object.entries(options)) {
    const type = schema[key];
    if (type === undefined) {
      throw new InvalidArgumentError(
        `${envName} got an unknown option "${key}"; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'}`,
      );
    }
    if (value !== undefined && (typeof value !== type || (type === 'number' && !Number.isFinite(value)))) {
      throw new InvalidArgumentError(`${envName} option "${key}" must be a ${type === 'number' ? 'finite number' : type}, got ${describe(value)}`);
    }
  }
}

/** A float32 pair, built the fast way (`Float32Array.of` is slower in V8). */
export function pair(a: number, b: number): Float32Array {
  const o = new Float32Array(2);
  o[0] = a;
  o[1] = b;
  return o;
}

/**
 * Gymnasium's reset for the classic-control envs: the exact `{ state }` option when given, else
 * each state variable drawn by `draw(low, high, i)` with the `{ low, high }` option bounds
 * (defaults `defaults`). Writes the state into `out`.
 */
export function resetState(
  env: Named,
  options: Record<string, unknown> | undefined,
  out: Float64Array,
  defaults: readonly [number, number],
  draw: (low: number, high: number, i: number) => number,
): void {
  const exact = stateOption(env.name, options, out.length);
  if (exact) {
    out.set(exact);
    return;
  }
  const [low, high] = resetBounds(env.name, options, defaults[0], defaults[1]);
  for (let i = 0; i < out.length; i++) out[i] = draw(low, high, i);
}

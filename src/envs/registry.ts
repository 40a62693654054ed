/**
 * The env registry, as Gymnasium's: `register` an id with a factory and defaults, then `make` it
 * wrapped exactly as Gymnasium's `make` does: PassiveEnvChecker (innermost), OrderEnforcing,
 * then TimeLimit (outermost).
 */
import type { Env, EnvSpec, RegisterOptions } from '../core/env.js';

export type { RegisterOptions };
import { InvalidArgumentError, RegistryError, describe } from '../core/errors.js';
import { type RenderMode, checkRenderMode } from '../core/render.js';
import { warn } from '../core/logger.js';
import { BUILTIN_ENVS } from './builtins.js';
import { OrderEnforcing, PassiveEnvChecker, TimeLimit } from './wrappers/common.js';
import { HumanRendering } from './wrappers/rendering.js';


export interface MakeOptions {
  /** Overrides the registered time limit; `-1` removes the TimeLimit wrapper. */
  maxEpisodeSteps?: number;
  /** Overrides whether the PassiveEnvChecker is left out. */
  disableEnvChecker?: boolean;
  /** Constructor options merged over the registered kwargs. */
  kwargs?: Record<string, unknown>;
  /**
   * Gymnasium's `render_mode`: `'rgb_array'` (`env.render()` returns the frame) or `'human'` (the
   * episodes play in the live viewer, whose URL is printed). One of the env's `metadata.renderModes`.
   */
  renderMode?: RenderMode;
}

const ID_PATTERN = /^(?:([\w:.-]+)\/)?([\w:.-]+?)(?:-v(\d+))?$/;
const registry = new Map<string, EnvSpec>();

/** Registers an env id (a second registration of an id overrides the first, with a warning). */
export function register(options: RegisterOptions): EnvSpec {
  const { id } = options;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new RegistryError(`register id must look like "[namespace/]Name[-vN]", got ${describe(id)}`);
  }
  if (typeof options.entryPoint !== 'function') {
    throw new RegistryError(`register ${id}: entryPoint must be a function that builds the env, got ${describe(options.entryPoint)}`);
  }
  const steps = options.maxEpisodeSteps ?? null;
  if (steps !== null && !(Number.isSafeInteger(steps) && steps > 0)) {
    throw new RegistryError(`register ${id}: maxEpisodeSteps must be a positive integer or null, got ${describe(steps)}`);
  }
  if (registry.has(id)) warn(`Overriding environment ${id} already in registry.`);
  const spec: EnvSpec = Object.freeze({
    id,
    entryPoint: options.entryPoint,
    maxEpisodeSteps: steps,
    rewardThreshold: options.rewardThreshold ?? null,
    nondeterministic: options.nondeterministic ?? false,
    orderEnforce: options.orderEnforce ?? true,
    disableEnvChecker: options.disableEnvChecker ?? false,
    kwargs: Object.freeze({ ...(options.kwargs ?? {}) }),
    module: options.module ?? null,
  });
  registry.set(id, spec);
  return spec;
}

/** The spec registered under `id`; throws {@link RegistryError} naming the nearest ids. */
export function spec(id: string): EnvSpec {
  const found = registry.get(id);
  if (found) return found;
  if (typeof id !== 'string') throw new RegistryError(`Env id must be a string, got ${describe(id)}`);
  const m = ID_PATTERN.exec(id);
  const base = m ? `${m[1] ? `${m[1]}/` : ''}${m[2] ?? ''}` : id;
  const versions = listEnvs().filter((other) => other.replace(/-v\d+$/, '') === base);
  if (versions.length > 0) {
    throw new RegistryError(`Environment ${id} doesn't exist; registered versions of ${base}: ${versions.join(', ')}`);
  }
  const near = nearestIds(id, 3);
  const hint = near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : '';
  throw new RegistryError(`Environment ${id} doesn't exist.${hint}`);
}

/** All registered ids, sorted. */
export function listEnvs(): string[] {
  return [...registry.keys()].sort();
}

/** Removes an id from the registry (for tests and plugins); returns whether it was there. */
export function unregister(id: string): boolean {
  return registry.delete(id);
}

/** Builds a registered env, wrapped as Gymnasium's `make` does. */
export function make<Obs = unknown, Act = unknown>(id: string | EnvSpec, options: MakeOptions = {}): Env<Obs, Act> {
  const s = typeof id === 'string' ? spec(id) : id;
  if (options.kwargs !== undefined && (typeof options.kwargs !== 'object' || options.kwargs === null || Array.isArray(options.kwargs))) {
    throw new InvalidArgumentError(`make ${s.id}: kwargs must be an object, got ${describe(options.kwargs)}`);
  }
  const steps = options.maxEpisodeSteps;
  if (steps !== undefined && steps !== -1 && !(Number.isSafeInteger(steps) && steps > 0)) {
    throw new InvalidArgumentError(`make ${s.id}: maxEpisodeSteps must be a positive integer or -1 (no limit), got ${describe(steps)}`);
  }
  const kwargs = { ...s.kwargs, ...(options.kwargs ?? {}) };
  const limit = steps === -1 ? null : steps ?? s.maxEpisodeSteps;
  const disableChecker = options.disableEnvChecker ?? s.disableEnvChecker;

  let env: Env<unknown, unknown> = s.entryPoint(kwargs);
  if (typeof env !== 'object' || env === null || typeof env.step !== 'function' || typeof env.reset !== 'function') {
    throw new RegistryError(`make ${s.id}: entryPoint must return an Env, got ${describe(env)}`);
  }
  env.unwrapped.spec = Object.freeze({ ...s, kwargs: Object.freeze(kwargs), maxEpisodeSteps: limit, disableEnvChecker: disableChecker });
  if (options.renderMode !== undefined) env.unwrapped.renderMode = checkRenderMode(s.id, options.renderMode, env.metadata?.renderModes ?? []);
  if (!disableChecker) env = new PassiveEnvChecker(env);
  if (s.orderEnforce) env = new OrderEnforcing(env);
  if (limit !== null) env = new TimeLimit(env, limit);
  if (options.renderMode === 'human') env = new HumanRendering(env);
  return env as Env<Obs, Act>;
}

function nearestIds(id: string, k: number): string[] {
  const lower = id.toLowerCase();
  return listEnvs()
    .map((other) => ({ other, d: editDistance(lower, other.toLowerCase()) }))
    .filter(({ other, d }) => d <= Math.max(3, Math.floor(other.length / 3)))
    .sort((a, b) => a.d - b.d || a.other.localeCompare(b.other))
    .slice(0, k)
    .map(({ other }) => other);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

for (const options of BUILTIN_ENVS) register(options);

/**
 * `checkEnv`: Gymnasium's env checker for tfgym envs, so that users can validate their own.
 *
 * Hard failures (the env breaks the contract) are collected and thrown together as one
 * {@link EnvCheckError}; softer findings come back as warnings in the report.
 */
import type { Env, ResetResult, StepResult } from '../core/env.js';
import { EnvCheckError, describe } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { Box } from '../core/spaces/box.js';
import type { Space } from '../core/spaces/space.js';

export interface EnvCheckReport {
  /** Names of the checks that passed. */
  passed: string[];
  /** Findings that do not break the contract but are probably mistakes. */
  warnings: string[];
  /** Contract violations (also thrown, unless `throwOnFailure` is false). */
  failures: string[];
}

export interface CheckEnvOptions {
  /** Throw an {@link EnvCheckError} listing every failure (default true). */
  throwOnFailure?: boolean;
  /** Seed for the checks' own action sampling. Default 0. */
  seed?: number;
}

function isSpace(x: unknown): x is Space<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as Space<unknown>).sample === 'function' && typeof (x as Space<unknown>).contains === 'function';
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    return x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Checks `env` against the Env contract; see the module doc for what counts as a failure. */
export function checkEnv(env: Env<unknown, unknown>, options: CheckEnvOptions = {}): EnvCheckReport {
  const report: EnvCheckReport = { passed: [], warnings: [], failures: [] };
  const check = (name: string, fn: () => string | null): boolean => {
    try {
      const problem = fn();
      if (problem === null) report.passed.push(name);
      else report.failures.push(`${name}: ${problem}`);
      return problem === null;
    } catch (e) {
      report.failures.push(`${name}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : describe(e)}`);
      return false;
    }
  };
  const rng = new Rng(options.seed ?? 0);

  const spacesOk = check('spaces', () => {
    if (!isSpace(env.observationSpace)) return `observationSpace must be a Space, got ${describe(env.observationSpace)}`;
    if (!isSpace(env.actionSpace)) return `actionSpace must be a Space, got ${describe(env.actionSpace)}`;
    for (const [what, space] of [['observation', env.observationSpace], ['action', env.actionSpace]] as const) {
      if (space instanceof Box && space.low.some((l, i) => l === space.high[i])) {
        report.warnings.push(`${what} space ${String(space)} has a dimension with low == high`);
      }
    }
    if (env.actionSpace instanceof Box && env.actionSpace.dtype !== 'float32' && env.actionSpace.dtype !== 'float64') {
      report.warnings.push(`action space ${String(env.actionSpace)} is a Box of integers; most agents expect float actions`);
    }
    return null;
  });
  if (!spacesOk) return finish(report, options);

  let first: ResetResult<unknown> | null = null;
  check('reset returns { observation, info } with the observation in the space', () => {
    first = env.reset({ seed: 123 });
    return checkResetResult(env, first);
  });
  check('same seed gives the same reset observation', () => {
    const again = env.reset({ seed: 123 });
    return sameValue(first?.observation, again.observation) ? null : `reset({ seed: 123 }) twice gave ${describe(first?.observation)} and ${describe(again.observation)}`;
  });
  check('reset without a seed works after a seeded reset', () => checkResetResult(env, env.reset()));
  check('reset accepts options', () => checkResetResult(env, env.reset({ seed: 7, options: {} })));
  check('step returns a valid StepResult', () => {
    env.reset({ seed: 123 });
    return checkStepResult(env, env.step(env.actionSpace.sample(rng)));
  });
  check('same seed and actions give the same steps', () => {
    const actions = Array.from({ length: 5 }, () => env.actionSpace.sample(rng));
    const run = (): StepResult<unknown>[] => {
      env.reset({ seed: 42 });
      const out: StepResult<unknown>[] = [];
      for (const a of actions) {
        const r = env.step(a);
        out.push(r);
        if (r.terminated || r.truncated) break;
      }
      return out;
    };
    const a = run();
    const b = run();
    for (let t = 0; t < Math.min(a.length, b.length); t++) {
      const x = a[t] as StepResult<unknown>;
      const y = b[t] as StepResult<unknown>;
      if (!sameValue(x.observation, y.observation) || !Object.is(x.reward, y.reward) || x.terminated !== y.terminated || x.truncated !== y.truncated) {
        return `step ${t} differs between two runs with seed 42: ${describe(x.observation)} vs ${describe(y.observation)}`;
      }
    }
    return a.length === b.length ? null : `runs with seed 42 ended after ${a.length} and ${b.length} steps`;
  });
  checkStateOption(env, check);
  check('close twice is fine', () => {
    env.close();
    env.close();
    return null;
  });
  return finish(report, options);
}

/** If the env exposes `unwrapped.state`, a reset to that exact state must reproduce it. */
function checkStateOption(env: Env<unknown, unknown>, check: (name: string, fn: () => string | null) => boolean): void {
  const readState = (): unknown => (env.unwrapped as unknown as { state?: unknown }).state;
  const first = env.reset({ seed: 5 });
  const state = readState();
  if (state === undefined || state === null) return;
  check('reset({ options: { state } }) restores the exact state', () => {
    env.reset({ seed: 6 });
    const again = env.reset({ options: { state } });
    if (!sameValue(readState(), state)) return `state after reset is ${describe(readState())}, expected ${describe(state)}`;
    return sameValue(again.observation, first.observation) ? null : `observation ${describe(again.observation)} != ${describe(first.observation)}`;
  });
}

function checkResetResult(env: Env<unknown, unknown>, r: ResetResult<unknown>): string | null {
  if (typeof r !== 'object' || r === null || !('observation' in r) || !('info' in r)) return `reset must return { observation, info }, got ${describe(r)}`;
  if (typeof r.info !== 'object' || r.info === null) return `reset info must be an object, got ${describe(r.info)}`;
  if (!env.observationSpace.contains(r.observation)) return `reset observation ${describe(r.observation)} is not in ${String(env.observationSpace)}`;
  return null;
}

function checkStepResult(env: Env<unknown, unknown>, r: StepResult<unknown>): string | null {
  if (typeof r !== 'object' || r === null) return `step must return { observation, reward, terminated, truncated, info }, got ${describe(r)}`;
  for (const key of ['observation', 'reward', 'terminated', 'truncated', 'info'] as const) {
    if (!(key in r)) return `step result lacks ${key}: ${describe(r)}`;
  }
  if (!env.observationSpace.contains(r.observation)) return `step observation ${describe(r.observation)} is not in ${String(env.observationSpace)}`;
  if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) return `step reward must be a finite number, got ${describe(r.reward)}`;
  if (typeof r.terminated !== 'boolean') return `step terminated must be a boolean, got ${describe(r.terminated)}`;
  if (typeof r.truncated !== 'boolean') return `step truncated must be a boolean, got ${describe(r.truncated)}`;
  if (typeof r.info !== 'object' || r.info === null) return `step info must be an object, got ${describe(r.info)}`;
  return null;
}

function finish(report: EnvCheckReport, options: CheckEnvOptions): EnvCheckReport {
  if (report.failures.length > 0 && (options.throwOnFailure ?? true)) {
    throw new EnvCheckError(`checkEnv found ${report.failures.length} problem(s):\n- ${report.failures.join('\n- ')}`);
  }
  return report;
}

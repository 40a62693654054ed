/**
 * Schedules of a scalar over steps: one type for epsilon, learning rates and PER's importance
 * exponent beta, so every config writes them the same way and checks them with one schema.
 *
 * A linear or cosine schedule without `steps` spans the whole run (as Stable-Baselines3's
 * schedules run on the progress of training): the run's length is filled in when the schedule
 * is built. Where a value may be a schedule, a plain number is a constant.
 */
import * as z from 'zod';
import { checkValue } from './config.js';
import { InvalidArgumentError } from './errors.js';

/** A value as a function of the step count. */
export type Schedule = (step: number) => number;

/** The JSON form of a schedule, as configs write it. */
export type ScheduleSpec =
  | { kind: 'constant'; value: number }
  /** From `start` to `end` over `steps` steps (default: the whole run), then `end`. */
  | { kind: 'linear'; start: number; end: number; steps?: number | undefined }
  /** From `start` to `end` along half a cosine over `steps` steps (default: the whole run), then `end`. */
  | { kind: 'cosine'; start: number; end: number; steps?: number | undefined }
  /** The tutorial's `end + (start - end) * exp(-decay * step)`. */
  | { kind: 'exponential'; start: number; end: number; decay: number };

/** A number (constant) or a schedule of one. */
export type ScheduledValue = number | ScheduleSpec;

const span = z.int().min(1).optional();

/** The schema of a {@link ScheduleSpec}. */
export const SCHEDULE_SPEC: z.ZodType<ScheduleSpec> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), value: z.number() }),
  z.strictObject({ kind: z.literal('linear'), start: z.number(), end: z.number(), steps: span }),
  z.strictObject({ kind: z.literal('cosine'), start: z.number(), end: z.number(), steps: span }),
  z.strictObject({ kind: z.literal('exponential'), start: z.number(), end: z.number(), decay: z.number().min(0) }),
]);

/** Adds an issue for every value of `spec` (start, end, value) outside `[lo, hi]` (`lo` excluded when `open`). */
function within(lo: number, hi: number, open: boolean, rule: string) {
  return (spec: ScheduleSpec, ctx: z.RefinementCtx): void => {
    for (const k of ['start', 'end', 'value'] as const) {
      const x = (spec as Partial<Record<typeof k, number>>)[k];
      if (x !== undefined && !((open ? x > lo : x >= lo) && x <= hi)) ctx.addIssue({ code: 'custom', path: [k], message: `not ${rule}`, params: { rule } });
    }
  };
}

/** A schedule whose values are probabilities (epsilon): every start, end and value in [0, 1]. */
export const PROBABILITY_SCHEDULE: z.ZodType<ScheduleSpec> = SCHEDULE_SPEC.superRefine(within(0, 1, false, 'a probability in [0, 1]'));

/**
 * A learning rate: a number in (0, 1], or a schedule whose start is in (0, 1] and whose other
 * values are in [0, 1] (a rate may decay to 0 at the very end).
 */
export const LEARNING_RATE: z.ZodType<ScheduledValue> = z.union([
  z.number().gt(0).max(1),
  SCHEDULE_SPEC.superRefine(within(0, 1, false, 'a learning rate in [0, 1]')).superRefine((spec, ctx) => {
    const first = spec.kind === 'constant' ? spec.value : spec.start;
    if (!(first > 0)) ctx.addIssue({ code: 'custom', path: [spec.kind === 'constant' ? 'value' : 'start'], message: 'not positive', params: { rule: 'a learning rate > 0 and <= 1' } });
  }),
]);

export function constantSchedule(value: number): Schedule {
  return () => value;
}

export function linearSchedule(start: number, end: number, steps: number): Schedule {
  return (step) => (step >= steps ? end : start + ((end - start) * step) / steps);
}

/** Half a cosine from `start` (step 0) to `end` (step `steps` and after). */
export function cosineSchedule(start: number, end: number, steps: number): Schedule {
  return (step) => end + ((start - end) * (1 + Math.cos(Math.PI * Math.min(1, step / steps)))) / 2;
}

/** The tutorial's epsilon decay: `eps = min + (max - min) * exp(-lambda * t)`. */
export function exponentialSchedule(start: number, end: number, decay: number): Schedule {
  return (step) => end + (start - end) * Math.exp(-decay * step);
}

/**
 * Builds a schedule from its JSON form (or a constant from a number), checking every field.
 * `runSteps` is the length of the run, for linear and cosine schedules that give no `steps`;
 * `name` names the value in errors (e.g. `dqn.learningRate`).
 */
export function makeSchedule(spec: ScheduledValue, runSteps?: number, name = 'schedule'): Schedule {
  if (typeof spec === 'number') return constantSchedule(checkValue(name, z.number(), spec));
  const s = checkValue(name, SCHEDULE_SPEC, spec);
  switch (s.kind) {
    case 'constant':
      return constantSchedule(s.value);
    case 'exponential':
      return exponentialSchedule(s.start, s.end, s.decay);
    case 'linear':
    case 'cosine': {
      const steps = s.steps ?? runSteps;
      if (steps === undefined) throw new InvalidArgumentError(`${name} is a ${s.kind} schedule without steps, which spans the run, but no run length was given: set its steps`);
      return (s.kind === 'linear' ? linearSchedule : cosineSchedule)(s.start, s.end, checkValue(`${name}.steps`, z.int().min(1), steps));
    }
  }
}

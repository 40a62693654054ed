/**
 * Schedules of a scalar over steps: one type for epsilon, learning rates and PER's importance
 * exponent beta, so every config writes them the same way and checks them with one schema.
 */
import * as z from 'zod';
import { checkValue } from './config.js';

/** A value as a function of the step count. */
export type Schedule = (step: number) => number;

/** The JSON form of a schedule, as configs write it. */
export type ScheduleSpec =
  | { kind: 'constant'; value: number }
  /** From `start` to `end` over `steps` steps, then `end`. */
  | { kind: 'linear'; start: number; end: number; steps: number }
  /** The tutorial's `end + (start - end) * exp(-decay * step)`. */
  | { kind: 'exponential'; start: number; end: number; decay: number };

/** The schema of a {@link ScheduleSpec}. */
export const SCHEDULE_SPEC: z.ZodType<ScheduleSpec> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), value: z.number() }),
  z.strictObject({ kind: z.literal('linear'), start: z.number(), end: z.number(), steps: z.int().min(1) }),
  z.strictObject({ kind: z.literal('exponential'), start: z.number(), end: z.number(), decay: z.number().min(0) }),
]);

/** A schedule whose values are probabilities (epsilon): every start, end and value in [0, 1]. */
export const PROBABILITY_SCHEDULE: z.ZodType<ScheduleSpec> = SCHEDULE_SPEC.superRefine((spec, ctx) => {
  for (const k of ['start', 'end', 'value'] as const) {
    const x = (spec as Partial<Record<typeof k, number>>)[k];
    if (x !== undefined && !(x >= 0 && x <= 1)) ctx.addIssue({ code: 'custom', path: [k], message: 'not a probability', params: { rule: 'a probability in [0, 1]' } });
  }
});

export function constantSchedule(value: number): Schedule {
  return () => value;
}

export function linearSchedule(start: number, end: number, steps: number): Schedule {
  return (step) => (step >= steps ? end : start + ((end - start) * step) / steps);
}

/** The tutorial's epsilon decay: `eps = min + (max - min) * exp(-lambda * t)`. */
export function exponentialSchedule(start: number, end: number, decay: number): Schedule {
  return (step) => end + (start - end) * Math.exp(-decay * step);
}

/** Builds a schedule from its JSON form, checking every field. */
export function makeSchedule(spec: ScheduleSpec): Schedule {
  const s = checkValue('schedule', SCHEDULE_SPEC, spec);
  switch (s.kind) {
    case 'constant':
      return constantSchedule(s.value);
    case 'linear':
      return linearSchedule(s.start, s.end, s.steps);
    case 'exponential':
      return exponentialSchedule(s.start, s.end, s.decay);
  }
}

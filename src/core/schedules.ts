/**
 * Schedules of a scalar over steps: one type for epsilon, learning rates and PER's importance
 * exponent beta, so every config writes them the same way.
 */
import { InvalidArgumentError, describe } from '../core/errors.js';

/** A value as a function of the step count. */
export type Schedule = (step: number) => number;

/** The JSON form of a schedule, as configs write it. */
export type ScheduleSpec =
  | { kind: 'constant'; value: number }
  /** From `start` to `end` over `steps` steps, then `end`. */
  | { kind: 'linear'; start: number; end: number; steps: number }
  /** The tutorial's `end + (start - end) * exp(-decay * step)`. */
  | { kind: 'exponential'; start: number; end: number; decay: number };

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

const finite = (name: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`schedule ${name} must be a finite number, got ${describe(v)}`);
  return v;
};

/** Builds a schedule from its JSON form, validating every field. */
export function makeSchedule(spec: ScheduleSpec): Schedule {
  switch (spec?.kind) {
    case 'constant':
      return constantSchedule(finite('value', spec.value));
    case 'linear': {
      const steps = finite('steps', spec.steps);
      if (!(Number.isSafeInteger(steps) && steps > 0)) throw new InvalidArgumentError(`schedule steps must be a positive integer, got ${describe(steps)}`);
      return linearSchedule(finite('start', spec.start), finite('end', spec.end), steps);
    }
    case 'exponential': {
      const decay = finite('decay', spec.decay);
      if (decay < 0) throw new InvalidArgumentError(`schedule decay must be >= 0, got ${decay}`);
      return exponentialSchedule(finite('start', spec.start), finite('end', spec.end), decay);
    }
    default:
      throw new InvalidArgumentError(`schedule kind must be constant, linear or exponential, got ${describe((spec as { kind?: unknown })?.kind)}`);
  }
}

/**
 * Typed configs merged once over frozen defaults, with every field checked: an unknown key or a
 * value outside its range is an error that names the key, the rule and the value.
 */
import { InvalidArgumentError, describe } from './errors.js';

export type FieldRule =
  | { type: 'number'; min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean }
  | { type: 'boolean' }
  | { type: 'string'; oneOf?: readonly string[] }
  | { type: 'numbers'; min?: number; integer?: boolean; minLength?: number }
  | { type: 'object'; check?: (value: unknown, path: string) => void };

export type ConfigSchema<T> = { [K in keyof T]-?: FieldRule };

function rangeText(rule: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean }): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  const lo = rule.min === undefined ? '' : `${rule.exclusiveMin ? '>' : '>='} ${rule.min}`;
  const hi = rule.max === undefined ? '' : `<= ${rule.max}`;
  const range = [lo, hi].filter(Boolean).join(' and ');
  return range ? `${kind} ${range}` : kind;
}

function checkNumber(path: string, v: unknown, rule: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean }): void {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!rule.integer || Number.isInteger(v)) &&
    (rule.min === undefined || (rule.exclusiveMin ? v > rule.min : v >= rule.min)) &&
    (rule.max === undefined || v <= rule.max);
  if (!ok) throw new InvalidArgumentError(`${path} must be ${rangeText(rule)}, got ${describe(v)}`);
}

/** Checks one field against its rule; `path` names it in errors (e.g. `dqn.gamma`). */
export function checkField(path: string, value: unknown, rule: FieldRule): void {
  switch (rule.type) {
    case 'number':
      return checkNumber(path, value, rule);
    case 'boolean':
      if (typeof value !== 'boolean') throw new InvalidArgumentError(`${path} must be true or false, got ${describe(value)}`);
      return;
    case 'string':
      if (typeof value !== 'string' || (rule.oneOf && !rule.oneOf.includes(value))) {
        throw new InvalidArgumentError(`${path} must be ${rule.oneOf ? `one of ${rule.oneOf.join(', ')}` : 'a string'}, got ${describe(value)}`);
      }
      return;
    case 'numbers':
      if (!Array.isArray(value) || value.length < (rule.minLength ?? 0)) {
        throw new InvalidArgumentError(`${path} must be an array of at least ${rule.minLength ?? 0} numbers, got ${describe(value)}`);
      }
      value.forEach((v, i) => checkNumber(`${path}[${i}]`, v, rule));
      return;
    case 'object':
      if (typeof value !== 'object' || value === null) throw new InvalidArgumentError(`${path} must be an object, got ${describe(value)}`);
      rule.check?.(value, path);
      return;
  }
}

/** Merges `input` over `defaults` after checking every key; returns a frozen config. */
export function mergeConfig<T extends object>(name: string, defaults: Readonly<T>, schema: ConfigSchema<T>, input: unknown = {}): Readonly<T> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidArgumentError(`${name} config must be an object, got ${describe(input)}`);
  }
  const allowed = Object.keys(schema);
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError(`${name} config has an unknown key "${key}"; allowed keys: ${allowed.join(', ')}`);
    }
  }
  const merged = { ...defaults, ...(input as Partial<T>) } as T;
  for (const key of allowed as (keyof T & string)[]) {
    const value = merged[key];
    if (value === undefined) continue;
    checkField(`${name}.${key}`, value, schema[key]);
  }
  return Object.freeze(merged);
}

/**
 * Typed configs merged once over frozen defaults, every field checked by a zod schema: an unknown
 * key or a value outside its range is an error that names the key, the rule and the value
 * (`dqn.gamma must be a number >= 0 and <= 1, got 1.5`). The rule is read off the field's JSON
 * Schema, the same form that forms and docs are generated from, so a message never disagrees with
 * the check.
 *
 * zod was chosen over TypeBox and valibot after a trial on DQN's config (docs/decisions.md): it
 * checks about as fast as valibot, has JSON Schema output built in, and its issues carry the
 * bounds and options a message needs.
 */
import * as z from 'zod';
import { InvalidArgumentError, describe } from './errors.js';

/** One zod schema per key of `T`: a missing or mistyped field is a compile error. */
export type ConfigSchema<T> = { [K in keyof T]-?: z.ZodType<T[K]> };

type Issue = z.core.$ZodIssue;
type Json = Record<string, unknown>;

/** Bounds at the edge of the safe integers are zod's own for `int()`, not a rule of ours. */
const meaningful = (v: unknown): v is number => typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER;

function rangeText(js: Json): string {
  const kind = js.type === 'integer' ? 'an integer' : 'a number';
  const lo = meaningful(js.exclusiveMinimum) ? `> ${js.exclusiveMinimum}` : meaningful(js.minimum) ? `>= ${js.minimum}` : '';
  const hi = meaningful(js.exclusiveMaximum) ? `< ${js.exclusiveMaximum}` : meaningful(js.maximum) ? `<= ${js.maximum}` : '';
  const range = [lo, hi].filter(Boolean).join(' and ');
  return range ? `${kind} ${range}` : kind;
}

/** What a value of this JSON Schema must be, as words. */
function ruleText(js: Json): string | null {
  if (Array.isArray(js.enum)) return `one of ${js.enum.join(', ')}`;
  if (Array.isArray(js.oneOf)) {
    // A discriminated union: objects told apart by a property with a constant in each.
    const variants = js.oneOf as Json[];
    const props = variants.map((v) => (v.properties ?? {}) as Record<string, Json>);
    const tag = Object.keys(props[0] ?? {}).find((k) => props.every((p) => p[k]?.const !== undefined));
    if (tag) return `an object with ${tag} one of ${props.map((p) => String(p[tag]?.const)).join(', ')}`;
  }
  switch (js.type) {
    case 'number':
    case 'integer':
      return rangeText(js);
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'array': {
      const items = (js.items ?? {}) as Json;
      const what = items.type === 'number' || items.type === 'integer' ? 'numbers' : 'items';
      return `an array of at least ${typeof js.minItems === 'number' ? js.minItems : 0} ${what}`;
    }
    case 'object':
      return 'an object';
    default:
      return null;
  }
}

function jsonSchemaOf(schema: z.ZodType): Json {
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any' }) as Json;
  } catch {
    return {};
  }
}

/** Of a plain union, the option that takes values of `value`'s type (else the union itself). */
function narrowUnion(s: z.ZodType, value: unknown): z.ZodType {
  if (!(s instanceof z.ZodUnion) || s instanceof z.ZodDiscriminatedUnion) return s;
  const typed = s.options.find((o) => {
    const r = (o as z.ZodType).safeParse(value);
    return r.success || !r.error.issues.some((i) => i.code === 'invalid_type' && i.path.length === 0);
  });
  return (typed as z.ZodType | undefined) ?? s;
}

/** The schema of the value at `path` inside `schema` (arrays, objects, unions). */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[], value: unknown): z.ZodType {
  let s = narrowUnion(schema, value);
  let v = value;
  for (const key of path) {
    if (s instanceof z.ZodDiscriminatedUnion) {
      const d = s.def.discriminator;
      const match = s.options.find((o) => o instanceof z.ZodObject && (o.shape[d] as z.ZodLiteral | undefined)?.value === (v as Json | null)?.[d]);
      if (match) s = match as z.ZodType;
    }
    if (s instanceof z.ZodArray && typeof key === 'number') s = s.element as z.ZodType;
    else if (s instanceof z.ZodObject && typeof key === 'string' && s.shape[key]) s = s.shape[key] as z.ZodType;
    else return s;
    v = (v as Record<PropertyKey, unknown> | null)?.[key];
    s = narrowUnion(s, v);
  }
  return s;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | null | undefined)?.[k], value);
}

/**
 * The message for a failed check of `value` against `schema` at `name`: the full path, the rule
 * (from the schema, or a custom check's `params.rule`) and the value found there.
 */
export function issueMessage(name: string, issue: Issue, schema: z.ZodType, value: unknown): string {
  const path = name + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const got = describe(valueAt(value, issue.path));
  if (issue.code === 'custom') {
    const rule = (issue.params as { rule?: unknown } | undefined)?.rule;
    return typeof rule === 'string' ? `${path} must be ${rule}, got ${got}` : `${path}: ${issue.message}`;
  }
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) return `${path} must be one of ${issue.options.join(', ')}, got ${got}`;
  const leaf = schemaAt(schema, issue.path, value);
  if (issue.code === 'invalid_union' && !(leaf instanceof z.ZodUnion && !(leaf instanceof z.ZodDiscriminatedUnion))) {
    // A plain union failed, and one option takes values of this type: report that option's issue.
    const at = valueAt(value, issue.path);
    const r = leaf.safeParse(at);
    if (!r.success) return issueMessage(path, r.error.issues[0] as Issue, leaf, at);
  }
  if (leaf instanceof z.ZodUnion && !(leaf instanceof z.ZodDiscriminatedUnion)) {
    // No option takes values of this type: name them all.
    const rules = leaf.options.map((o) => ruleText(jsonSchemaOf(o as z.ZodType))).filter(Boolean);
    return `${path} must be ${rules.join(' or ')}, got ${got}`;
  }
  if (issue.code === 'unrecognized_keys') return `${path} has an unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  const rule = ruleText(jsonSchemaOf(leaf));
  return rule ? `${path} must be ${rule}, got ${got}` : `${path}: ${issue.message}`;
}

/** Checks `value` against `schema`; throws an InvalidArgumentError naming `name`, the rule and the value. */
export function checkValue<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return value as T;
  throw new InvalidArgumentError(issueMessage(name, r.error.issues[0] as Issue, schema, value));
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
    checkValue(`${name}.${key}`, schema[key] as z.ZodType, value);
  }
  return Object.freeze(merged);
}

/** The JSON Schema of a config (for forms, docs and other languages), with the defaults filled in. */
export function configJsonSchema<T extends object>(schema: ConfigSchema<T>, defaults: Readonly<T>): Record<string, unknown> {
  const shape = Object.fromEntries(Object.entries(schema).map(([k, s]) => [k, (s as z.ZodType).default((defaults as Record<string, unknown>)[k] as never)]));
  return z.toJSONSchema(z.strictObject(shape), { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
}

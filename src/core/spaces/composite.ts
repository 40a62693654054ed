/**
 * Composite spaces, Gymnasium's `Tuple` and `Dict`. Dict keys are sorted, as Gymnasium does for
 * mappings, so that flattening order never depends on insertion order.
 */
import { InvalidSpaceError, describe } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Space, SpaceJSON } from './space.js';

function isSpace(x: unknown): x is Space<unknown> {
  return typeof x === 'object' && x !== null && 'kind' in x && 'sample' in x && 'contains' in x;
}

export class Tuple implements Space<unknown[]> {
  readonly kind = 'Tuple' as const;
  readonly shape = null;
  readonly spaces: readonly Space<unknown>[];

  constructor(spaces: readonly Space<unknown>[]) {
    if (!Array.isArray(spaces)) throw new InvalidSpaceError(`Tuple spaces must be an array of spaces, got ${describe(spaces)}`);
    spaces.forEach((s, i) => {
      if (!isSpace(s)) throw new InvalidSpaceError(`Tuple spaces[${i}] must be a Space, got ${describe(s)}`);
    });
    this.spaces = Object.freeze([...spaces]);
  }

  sample(rng: Rng): unknown[] {
    return this.spaces.map((s) => s.sample(rng));
  }

  contains(x: unknown): boolean {
    return Array.isArray(x) && x.length === this.spaces.length && this.spaces.every((s, i) => s.contains(x[i]));
  }

  equals(other: Space<unknown>): boolean {
    return (
      other instanceof Tuple &&
      other.spaces.length === this.spaces.length &&
      this.spaces.every((s, i) => s.equals(other.spaces[i] as Space<unknown>))
    );
  }

  toJSON(): SpaceJSON {
    return { type: 'Tuple', spaces: this.spaces.map((s) => s.toJSON()) };
  }

  toString(): string {
    return `Tuple(${this.spaces.map(String).join(', ')})`;
  }
}

export class Dict implements Space<Record<string, unknown>> {
  readonly kind = 'Dict' as const;
  readonly shape = null;
  readonly spaces: Readonly<Record<string, Space<unknown>>>;
  readonly keys: readonly string[];

  constructor(spaces: Record<string, Space<unknown>>) {
    if (typeof spaces !== 'object' || spaces === null || Array.isArray(spaces)) {
      throw new InvalidSpaceError(`Dict spaces must be an object of named spaces, got ${describe(spaces)}`);
    }
    const keys = Object.keys(spaces).sort();
    const sorted: Record<string, Space<unknown>> = {};
    for (const k of keys) {
      const s = spaces[k];
      if (!isSpace(s)) throw new InvalidSpaceError(`Dict spaces[${JSON.stringify(k)}] must be a Space, got ${describe(s)}`);
      sorted[k] = s;
    }
    this.keys = Object.freeze(keys);
    this.spaces = Object.freeze(sorted);
  }

  sample(rng: Rng): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of this.keys) out[k] = (this.spaces[k] as Space<unknown>).sample(rng);
    return out;
  }

  contains(x: unknown): boolean {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
    const obj = x as Record<string, unknown>;
    if (Object.keys(obj).length !== this.keys.length) return false;
    return this.keys.every((k) => k in obj && (this.spaces[k] as Space<unknown>).contains(obj[k]));
  }

  equals(other: Space<unknown>): boolean {
    return (
      other instanceof Dict &&
      other.keys.length === this.keys.length &&
      this.keys.every((k, i) => other.keys[i] === k && (this.spaces[k] as Space<unknown>).equals(other.spaces[k] as Space<unknown>))
    );
  }

  toJSON(): SpaceJSON {
    const spaces: Record<string, SpaceJSON> = {};
    for (const k of this.keys) spaces[k] = (this.spaces[k] as Space<unknown>).toJSON();
    return { type: 'Dict', spaces };
  }

  toString(): string {
    return `Dict(${this.keys.map((k) => `${k}: ${String(this.spaces[k])}`).join(', ')})`;
  }
}

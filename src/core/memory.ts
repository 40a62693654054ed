/**
 * A guard against configs that would take the machine down: networks and buffers are sized from
 * the config before anything is allocated, and a config whose estimate passes the limit is an
 * error that shows the estimate, instead of allocating until the machine swaps.
 */
import { InvalidArgumentError } from './errors.js';

let limitBytes = 8 * 2 ** 30;

/** The most memory one agent's networks and buffers may take. Default 8 GiB. */
export function memoryLimit(): number {
  return limitBytes;
}

/** Changes the limit (bytes, > 0); returns the previous one. */
export function setMemoryLimit(bytes: number): number {
  if (!(Number.isFinite(bytes) && bytes > 0)) throw new InvalidArgumentError(`memory limit must be a positive number of bytes, got ${bytes}`);
  const previous = limitBytes;
  limitBytes = bytes;
  return previous;
}

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 3 : 1)} GiB`;

/** Throws when the `parts` (bytes by what they are) of `what` add up to more than the limit. */
export function checkMemory(what: string, parts: Readonly<Record<string, number>>): void {
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  if (total <= limitBytes) return;
  const list = Object.entries(parts).map(([k, v]) => `${k} ${gib(v)}`).join(', ');
  throw new InvalidArgumentError(`${what} would need about ${gib(total)} (${list}), more than the limit of ${gib(limitBytes)}; make it smaller, or raise the limit with setMemoryLimit`);
}

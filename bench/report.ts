/**
 * Shared output for every `npm run bench:*`: a table for people, a JSON file under bench/results
 * for the record, and with `--json` one JSON summary line at the end for scripts.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

export type Row = Record<string, string | number | null>;

export function printTable(title: string, rows: readonly Row[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0] as Row);
  const cell = (v: string | number | null | undefined): string =>
    v === null || v === undefined ? '-' : typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2)) : v;
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]): string => `| ${vals.map((v, i) => (i === 0 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(cols));
  console.log(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

/** Writes bench/results/<name>.json with machine facts, and prints the JSON line on --json. */
export function writeResults(name: string, results: Record<string, unknown>): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  const payload = {
    bench: name,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}` },
    ...results,
  };
  // Write then rename, so an interrupted run never leaves a half-written result file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(payload, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log(`\nwrote ${file}`);
  if (process.argv.includes('--json')) console.log(JSON.stringify(payload));
  return file;
}

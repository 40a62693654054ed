/**
 * Checkpoint files. A checkpoint is a folder `step-000012000/` holding `meta.json` (counters,
 * config, random states, and an index of the arrays) and `arrays.bin` (the arrays' bytes). It is
 * written into a temporary folder and renamed into place, so a crash never leaves a half-written
 * checkpoint where a good one is expected, and the newest complete checkpoints are kept. The
 * format itself (browser-safe) is `checkpoint_format.ts`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '../core/errors.js';
import type { RunSnapshot } from './callback.js';
import { checkpointFromTar, checkpointName, decodeCheckpoint, encodeCheckpoint } from './checkpoint_format.js';

export { checkpointName };

/** Writes `snapshot` as `dir/step-…` (atomically) and returns its path. */
export function writeCheckpoint(dir: string, snapshot: RunSnapshot): string {
  mkdirSync(dir, { recursive: true });
  const final = join(dir, checkpointName(snapshot.step));
  const tmp = join(dir, `.${checkpointName(snapshot.step)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const { meta, arrays } = encodeCheckpoint(snapshot);
  writeFileSync(join(tmp, 'arrays.bin'), arrays);
  writeFileSync(join(tmp, 'meta.json'), meta);
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  return final;
}

/**
 * Reads a checkpoint back: a folder (`meta.json` + `arrays.bin`) or one `.tar` file holding them
 * (the playground's download); every inconsistency is a {@link CheckpointError}.
 */
export function readCheckpoint(path: string): RunSnapshot {
  if (isCheckpointFile(path)) return checkpointFromTar(new Uint8Array(readFileSync(path)), path);
  const metaPath = join(path, 'meta.json');
  const binPath = join(path, 'arrays.bin');
  if (!existsSync(metaPath) || !existsSync(binPath)) {
    throw new CheckpointError(`checkpoint ${path} is incomplete: it needs meta.json and arrays.bin`);
  }
  return decodeCheckpoint(path, readFileSync(metaPath, 'utf8'), new Uint8Array(readFileSync(binPath)));
}

/** Whether `path` is a checkpoint packed as one file (a `.tar`), rather than a folder. */
export function isCheckpointFile(path: string): boolean {
  return path.endsWith('.tar') && existsSync(path) && statSync(path).isFile();
}

/** Complete checkpoints in `dir`, oldest first. */
export function listCheckpoints(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^step-\d+$/.test(n) && statSync(join(dir, n)).isDirectory())
    .sort()
    .map((n) => join(dir, n));
}

/**
 * Removes the temporary folders of checkpoints whose writing was cut short (a process killed
 * mid-write leaves `.step-….tmp-PID`); complete checkpoints are never touched.
 */
export function removeUnfinishedCheckpoints(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (/^\.step-\d+\.tmp-\d+$/.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
}

/** Removes all but the newest `keep` checkpoints. */
export function pruneCheckpoints(dir: string, keep: number): void {
  const all = listCheckpoints(dir);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(old, { recursive: true, force: true });
}

/**
 * The best model of a run, across all its commands (train, then any resumes): `RUN/best/step-N`
 * (a checkpoint) and `RUN/best/best.json` (its step and evaluation score). It is replaced as soon
 * as an evaluation beats the stored score, new checkpoint first, then the record, then the old
 * checkpoint removed, so a run killed at any moment leaves a best model that its record names.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as z from 'zod';
import { checkValue } from '../core/config.js';
import { CheckpointError } from '../core/errors.js';
import type { AgentSnapshot } from '../core/agent.js';
import type { RunInfo } from '../core/events.js';
import { removeUnfinishedCheckpoints, writeCheckpoint } from '../trainers/checkpoint_io.js';
import { writeFileAtomic } from './outputs.js';

export interface BestRecord {
  /** The env step the model was taken at. */
  step: number;
  /** Its periodic evaluation's mean return. */
  meanReturn: number;
  /** Its checkpoint folder. */
  checkpoint: string;
}

const RECORD = z.strictObject({ step: z.int().min(0), meanReturn: z.number(), checkpoint: z.string() });

/** The run's best record, or null when it has none yet (or only a best/ from before records were kept). */
export function readBest(runDir: string): BestRecord | null {
  const file = join(runDir, 'best', 'best.json');
  if (!existsSync(file)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CheckpointError(`best model record ${file} is not valid JSON: ${(e as Error).message}`);
  }
  let r: z.infer<typeof RECORD>;
  try {
    r = checkValue('best', RECORD, value);
  } catch (e) {
    throw new CheckpointError(`best model record ${file} is corrupt: ${(e as Error).message}`);
  }
  const checkpoint = join(runDir, 'best', basename(r.checkpoint));
  if (!existsSync(checkpoint)) throw new CheckpointError(`best model record ${file} names ${checkpoint}, which does not exist`);
  return { step: r.step, meanReturn: r.meanReturn, checkpoint };
}

/** Stores `snapshot` as the run's best model, with its score. */
export function writeBest(runDir: string, best: { step: number; meanReturn: number; snapshot: AgentSnapshot }, run: RunInfo): BestRecord {
  const dir = join(runDir, 'best');
  removeUnfinishedCheckpoints(dir);
  const checkpoint = writeCheckpoint(dir, { step: best.step, episode: 0, midEpisode: true, envRng: null, agent: best.snapshot, run });
  writeFileAtomic(join(dir, 'best.json'), `${JSON.stringify({ step: best.step, meanReturn: best.meanReturn, checkpoint: basename(checkpoint) }, null, 2)}\n`);
  for (const name of readdirSync(dir)) if (/^step-\d+$/.test(name) && name !== basename(checkpoint)) rmSync(join(dir, name), { recursive: true, force: true });
  return { step: best.step, meanReturn: best.meanReturn, checkpoint };
}

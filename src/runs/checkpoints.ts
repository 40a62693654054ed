/**
 * Finding and loading a run's checkpoints: a `step-…` folder (or its `.tar`), `RUN/best`, or a run folder (its
 * newest checkpoint), with the run's config and its agent restored, for `eval`, `watch` and `resume`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentBase } from '../core/agent.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { RunSnapshot } from '../trainers/callback.js';
import { isCheckpointFile, listCheckpoints, readCheckpoint } from '../trainers/checkpoint_io.js';
import type { TrainConfig } from './config.js';
import { agentFromSnapshot } from './build.js';

/** `path` itself when it is a checkpoint (a folder, or one `.tar` file), else the newest checkpoint of the run folder (or checkpoints folder) it names. */
export function newestCheckpoint(path: string): string {
  if (existsSync(join(path, 'meta.json')) || isCheckpointFile(path)) return path;
  const dir = existsSync(join(path, 'checkpoints')) ? join(path, 'checkpoints') : path;
  const last = listCheckpoints(dir).at(-1);
  if (!last) throw new InvalidArgumentError(`no checkpoint found in ${path} (expected meta.json, or checkpoints/step-… folders)`);
  return last;
}

export interface LoadedAgent {
  /** The checkpoint folder read. */
  checkpoint: string;
  snapshot: RunSnapshot;
  /** The run's config, as the checkpoint recorded it. */
  config: TrainConfig;
  /** The loaded agent (dispose it when done). */
  agent: AgentBase<unknown, unknown>;
}

/** The agent of a checkpoint (see {@link newestCheckpoint}), built for its run's env and loaded. */
export async function loadCheckpointAgent(path: string): Promise<LoadedAgent> {
  const checkpoint = newestCheckpoint(path);
  const snapshot = readCheckpoint(checkpoint);
  const { config, agent } = await agentFromSnapshot(snapshot, checkpoint);
  return { checkpoint, snapshot, config, agent };
}

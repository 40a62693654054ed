/**
 * The worker's current model: the agent of the last run (kept after it ends) or of a loaded
 * checkpoint, with what saving it as a checkpoint needs. Loading checks the file before anything
 * is replaced: a corrupt file, another env's checkpoint or weights that do not fit leave the
 * current model as it was.
 */
import type { AgentBase } from '../core/agent.js';
import { CheckpointError } from '../core/errors.js';
import { agentFromSnapshot } from '../runs/build.js';
import type { TrainConfig } from '../runs/config.js';
import type { RunSnapshot } from '../trainers/callback.js';
import { checkpointFromFiles, checkpointFromTar, checkpointTar } from '../trainers/checkpoint_format.js';
import type { ModelInfo, PageFile } from './protocol.js';

export interface Model {
  info: ModelInfo;
  config: TrainConfig;
  agent: AgentBase<unknown, unknown>;
  /** The model as a run snapshot (the run's counters and the agent's state now). */
  snapshot(): RunSnapshot;
  /** Frees the agent's tensors and whatever the run kept open. */
  dispose(): void;
}

/** The snapshot held by a checkpoint's files: one `.tar`, or its `meta.json` and `arrays.bin`. */
export function snapshotOfFiles(files: readonly PageFile[]): { snapshot: RunSnapshot; name: string } {
  if (files.length === 1 && (files[0] as PageFile).name.endsWith('.tar')) {
    const f = files[0] as PageFile;
    return { snapshot: checkpointFromTar(f.bytes, f.name), name: f.name };
  }
  const meta = files.find((f) => f.name === 'meta.json');
  const bin = files.find((f) => f.name === 'arrays.bin');
  if (files.length !== 2 || !meta || !bin) {
    throw new CheckpointError(`choose a checkpoint: one .tar file, or the meta.json and arrays.bin of a checkpoint folder together (got ${files.map((f) => f.name).join(', ') || 'nothing'})`);
  }
  const name = 'meta.json + arrays.bin';
  return { snapshot: checkpointFromFiles(new Map(files.map((f) => [f.name, f.bytes])), name), name };
}

/** The model of a checkpoint's files, for the page's env `env`; throws (nothing built) when it does not fit. */
export async function loadModel(files: readonly PageFile[], env: string): Promise<Model> {
  const { snapshot, name } = snapshotOfFiles(files);
  if (snapshot.run.task !== env) {
    throw new CheckpointError(`checkpoint ${name} is ${snapshot.run.algorithm} on ${snapshot.run.task}, but the page's env is ${env}: choose ${snapshot.run.task} first, or a checkpoint of ${env}`);
  }
  const { config, agent } = await agentFromSnapshot(snapshot, name);
  return {
    info: { env: config.env, agent: config.agent, step: snapshot.step, source: name },
    config, agent,
    snapshot: () => ({ ...snapshot, agent: agent.save() }),
    dispose: () => agent.dispose(),
  };
}

/** The model as a checkpoint file: its name and bytes. */
export function modelFile(model: Model): { name: string; bytes: Uint8Array } {
  const s = model.snapshot();
  return { name: `${model.info.env}-${model.info.agent}-step-${s.step}.tar`, bytes: checkpointTar(s) };
}

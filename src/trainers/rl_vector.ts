/**
 * The RL loop for on-policy agents over a vector env: every iteration acts for all sub-envs at
 * once and hands the agent one batch. The vector env must autoreset in the `same-step` mode, so
 * that an ended episode's final observation (needed to bootstrap a truncated return) arrives with
 * the step that ended it. Each sub-env's episodes are reported as `episodeEnd` events.
 *
 * Snapshots (checkpoints) hold the agent, the counters and, for a SyncVectorEnv over BaseEnvs,
 * every sub-env's generator. A resumed run restores them and starts fresh episodes in all sub-envs:
 * the rollout and the episodes in progress when the snapshot was taken are dropped, so training
 * continues from the saved agent but is not bit-identical to the uninterrupted run (sub-env
 * states are not saved; DQN's single-env resume is exact).
 */
import type { Metrics, VectorAgent } from '../core/agent.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { RngState } from '../core/rng.js';
import { SyncVectorEnv } from '../envs/vector/sync.js';
import type { VectorEnv } from '../envs/vector/types.js';
import type { RunSnapshot } from './callback.js';
import { describeRun, runLoop, type RunOptions, type TrainResult } from './loop.js';
import { EpisodeAccumulator, type EpisodeSummary } from './episodes.js';
import { envRng, restoreEnvRng } from './rl.js';

export interface TrainVectorAgentOptions extends RunOptions {
  venv: VectorEnv;
  agent: VectorAgent<ArrayLike<number>, unknown>;
  /** Env steps to reach, counting every sub-env's steps (counted from 0, also when resuming). */
  totalSteps: number;
  /** Continue from this snapshot (see the module note on what a resume restores). */
  resume?: RunSnapshot;
}

/** Each sub-env's generator state, when the vector env runs BaseEnvs in this thread. */
function subEnvRngs(venv: VectorEnv): (RngState | null)[] | null {
  return venv instanceof SyncVectorEnv ? venv.envs.map((e) => envRng(e)?.state() ?? null) : null;
}

function restoreSubEnvRngs(venv: VectorEnv, saved: unknown): void {
  if (!(venv instanceof SyncVectorEnv) || !Array.isArray(saved)) return;
  if (saved.length !== venv.numEnvs) throw new InvalidArgumentError(`checkpoint holds ${saved.length} sub-env generators; this vector env has ${venv.numEnvs} sub-envs`);
  venv.envs.forEach((e, i) => restoreEnvRng(e, saved[i]));
}

export async function trainVectorAgent(options: TrainVectorAgentOptions): Promise<TrainResult> {
  const { venv, agent, totalSteps, seed } = options;
  if (venv.autoresetMode !== 'same-step') {
    throw new InvalidArgumentError(`trainVectorAgent needs a vector env with autoresetMode "same-step", got ${describe(venv.autoresetMode)}`);
  }
  if (!(Number.isSafeInteger(totalSteps) && totalSteps > 0)) throw new InvalidArgumentError(`trainVectorAgent totalSteps must be a positive integer, got ${describe(totalSteps)}`);
  const n = venv.numEnvs;
  const resume = options.resume;
  let step = resume?.step ?? 0;
  let episode = resume?.episode ?? 0;
  const run = describeRun(options, { kind: 'rl', task: 'custom', algorithm: agent.kind, total: totalSteps, start: step });
  let observations: Float32Array;
  if (resume) {
    await agent.load(resume.agent);
    restoreSubEnvRngs(venv, resume.envRng);
    observations = venv.reset().observations as Float32Array;
  } else {
    observations = venv.reset({ seed }).observations as Float32Array;
  }
  const snapshot = (): RunSnapshot => ({ step, episode, midEpisode: true, envRng: subEnvRngs(venv), agent: agent.save(), run });
  const loopOptions = { ...(options.callbacks ? { callbacks: options.callbacks } : {}), ...(options.signal ? { signal: options.signal } : {}), snapshot, position: () => step };
  return runLoop(run, loopOptions, async ({ ctx, wantsSteps, shouldStop, yieldNow, yieldDue }) => {
    const episodes = new VectorEpisodes(n);
    let iteration = 0;
    while (step < totalSteps && shouldStop() === null) {
      const outcome = vectorStep(venv, agent, observations);
      const first = step;
      step += n;
      // Sub-env i's transition is env step first + i + 1, as if the copies had stepped in turn.
      if (wantsSteps) for (let i = 0; i < n; i++) await ctx.emit({ type: 'step', step: first + i + 1, reward: outcome.rewards[i] as number });
      for (const e of episodes.record(outcome)) {
        episode += 1;
        await ctx.emit({ type: 'episodeEnd', step, episode, return: e.return, rawReturn: e.rawReturn, length: e.length, metrics: agent.status() });
      }
      const metrics: Metrics | null = agent.update();
      if (metrics) await ctx.emit({ type: 'update', step, metrics });
      observations = outcome.next;
      if (++iteration % 100 === 0 || yieldDue()) await yieldNow();
    }
    return { step, summary: { episodes: episode } };
  });
}

/** What one step of every copy of a vector env gives the loop: the next observations, the rewards, and per copy whether it ended and its info. */
export interface VectorStepOutcome {
  next: Float32Array;
  rewards: Float64Array;
  ended: { done: ArrayLike<number>; infos: readonly (Record<string, unknown> | undefined)[] };
}

/**
 * One step of every copy: the agent acts on `observations`, the vector env steps, and the agent
 * observes the transitions with the true next observations (an ending copy's final one, not its
 * reset one). The one place a vector env's step becomes an agent's batch (local runs and remote actors).
 */
export function vectorStep(venv: VectorEnv, agent: VectorAgent<ArrayLike<number>, unknown>, observations: Float32Array): VectorStepOutcome {
  const n = venv.numEnvs;
  const size = venv.observationSize;
  const actions = agent.actBatch(observations, n);
  const r = venv.step(actions);
  const next = r.observations as Float32Array;
  const trueNext = next.slice();
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (r.terminations[i] || r.truncations[i]) {
      done[i] = 1;
      const final = r.infos[i]?.finalObservation as ArrayLike<number> | undefined;
      if (final) trueNext.set(final, i * size);
    }
  }
  agent.observeBatch({ numEnvs: n, observations, actions, rewards: r.rewards, nextObservations: trueNext, terminated: r.terminations, truncated: r.truncations });
  return { next, rewards: r.rewards, ended: { done, infos: r.infos as (Record<string, unknown> | undefined)[] } };
}

/** Episode bookkeeping of a vector env's copies: one accumulator per copy. */
export class VectorEpisodes {
  private readonly copies: EpisodeAccumulator[];

  constructor(readonly numEnvs: number) {
    this.copies = Array.from({ length: numEnvs }, () => new EpisodeAccumulator());
  }

  /** Adds a step of every copy and returns the episodes that ended in it, with their copy. */
  record(outcome: VectorStepOutcome): (EpisodeSummary & { copy: number })[] {
    const out: (EpisodeSummary & { copy: number })[] = [];
    const { done, infos } = outcome.ended;
    this.copies.forEach((acc, i) => {
      // With same-step autoreset, the info of an ending step is the reset's; the step's own is finalInfo.
      acc.add(outcome.rewards[i] as number, done[i] ? (infos[i]?.finalInfo as Record<string, unknown> | undefined) : infos[i]);
      if (done[i]) out.push({ copy: i, ...acc.end() });
    });
    return out;
  }
}

/**
 * The RL loop for on-policy agents over a vector env: every iteration acts for all sub-envs at
 * once and hands the agent one batch. The vector env must autoreset in the `same-step` mode, so
 * that an ended episode's final observation (needed to bootstrap a truncated return) arrives with
 * the step that ended it. Each sub-env's episodes are reported as `episodeEnd` events.
 */
import type { Metrics, VectorAgent } from '../core/agent.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { RunInfo } from '../core/events.js';
import type { VectorEnv } from '../envs/vector/types.js';
import { runLoop, type RunOptions, type TrainResult } from './loop.js';

export interface TrainVectorAgentOptions extends RunOptions {
  venv: VectorEnv;
  agent: VectorAgent<ArrayLike<number>, number>;
  /** Env steps to reach, counting every sub-env's steps. */
  totalSteps: number;
}

export async function trainVectorAgent(options: TrainVectorAgentOptions): Promise<TrainResult> {
  const { venv, agent, totalSteps, seed } = options;
  if (venv.autoresetMode !== 'same-step') {
    throw new InvalidArgumentError(`trainVectorAgent needs a vector env with autoresetMode "same-step", got ${describe(venv.autoresetMode)}`);
  }
  if (!(Number.isSafeInteger(totalSteps) && totalSteps > 0)) throw new InvalidArgumentError(`trainVectorAgent totalSteps must be a positive integer, got ${describe(totalSteps)}`);
  const n = venv.numEnvs;
  const size = venv.observationSize;
  const run: RunInfo = {
    kind: 'rl', runDir: options.run?.runDir ?? null, task: options.run?.task ?? 'custom', algorithm: options.run?.algorithm ?? agent.kind,
    seed, config: options.run?.config ?? {}, total: totalSteps, start: 0, backend: options.run?.backend ?? null,
  };
  return runLoop(run, { ...(options.callbacks ? { callbacks: options.callbacks } : {}), ...(options.signal ? { signal: options.signal } : {}) }, async ({ ctx, shouldStop, yieldNow }) => {
    let observations = venv.reset({ seed }).observations as Float32Array;
    const returns = new Float64Array(n);
    const lengths = new Int32Array(n);
    let step = 0;
    let episode = 0;
    let iteration = 0;
    while (step < totalSteps && shouldStop() === null) {
      const actions = agent.actBatch(observations, n);
      const r = venv.step(actions);
      const next = r.observations as Float32Array;
      const trueNext = next.slice();
      for (let i = 0; i < n; i++) {
        if (r.terminations[i] || r.truncations[i]) {
          const final = r.infos[i]?.finalObservation as ArrayLike<number> | undefined;
          if (final) trueNext.set(final, i * size);
        }
      }
      agent.observeBatch({ numEnvs: n, observations, actions, rewards: r.rewards, nextObservations: trueNext, terminated: r.terminations, truncated: r.truncations });
      step += n;
      for (let i = 0; i < n; i++) {
        returns[i] = (returns[i] as number) + (r.rewards[i] as number);
        lengths[i] = (lengths[i] as number) + 1;
        if (r.terminations[i] || r.truncations[i]) {
          episode += 1;
          await ctx.emit({ type: 'episodeEnd', step, episode, return: returns[i] as number, rawReturn: null, length: lengths[i] as number, metrics: agent.status() });
          returns[i] = 0;
          lengths[i] = 0;
        }
      }
      const metrics: Metrics | null = agent.update();
      if (metrics) await ctx.emit({ type: 'update', step, metrics });
      observations = next;
      if (++iteration % 100 === 0) await yieldNow();
    }
    return { step, summary: { episodes: episode } };
  });
}

/**
 * The RL training loop: drives one env and one agent, and reports everything as events.
 *
 *   obs = env.reset(seed)
 *   for each step: a = agent.act(obs); r = env.step(a); agent.observe(...); agent.update()
 *   at episode end: report it, reset the env
 *
 * The loop yields to the event loop regularly (so Ctrl-C, sockets and timers get their turn),
 * stops when a callback asks, when the abort signal fires, or when the agent throws (a NaN loss).
 * A resumed run restores the agent, the counters and the env's generator and continues exactly
 * as the uninterrupted run would have (snapshots are taken at episode ends).
 */
import type { Agent } from '../core/agent.js';
import { BaseEnv, type Env } from '../core/env.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import type { RunSnapshot } from './callback.js';
import { describeRun, runLoop, type RunOptions, type TrainResult } from './loop.js';
import { EpisodeAccumulator } from './episodes.js';

export type { TrainResult };

export interface TrainAgentOptions<Obs, Act> extends RunOptions {
  env: Env<Obs, Act>;
  agent: Agent<Obs, Act>;
  /** Env steps to reach (counted from 0, also when resuming). */
  totalSteps: number;
  /** Continue from this snapshot instead of starting fresh. */
  resume?: RunSnapshot;
  /** Yield to the event loop at least every this many steps (and whenever 10 ms have passed). Default 500. */
  yieldEvery?: number;
}

/** The generator of `env`'s unwrapped BaseEnv (saved in snapshots), or null for other envs. */
export function envRng(env: Env<unknown, unknown>): Rng | null {
  return env.unwrapped instanceof BaseEnv ? env.unwrapped.rng : null;
}

/** Puts a saved generator state back into `env`'s unwrapped BaseEnv (no-op for other envs or no state). */
export function restoreEnvRng(env: Env<unknown, unknown>, state: unknown): void {
  if (env.unwrapped instanceof BaseEnv && state) env.unwrapped.rng = Rng.fromState(state as RngState);
}

export async function trainAgent<Obs, Act>(options: TrainAgentOptions<Obs, Act>): Promise<TrainResult> {
  const { env, agent, totalSteps, seed } = options;
  if (typeof (agent as Partial<Agent<Obs, Act>>).observe !== 'function') {
    throw new InvalidArgumentError(`${agent.kind} learns from vector envs (it has no observe): train it with trainVectorAgent`);
  }
  if (!(Number.isSafeInteger(totalSteps) && totalSteps > 0)) throw new InvalidArgumentError(`trainAgent totalSteps must be a positive integer, got ${describe(totalSteps)}`);
  const yieldEvery = options.yieldEvery ?? 500;
  const resume = options.resume;
  let step = resume?.step ?? 0;
  let episode = resume?.episode ?? 0;
  let midEpisode = false;
  const run = describeRun(options, { kind: 'rl', task: env.spec?.id ?? 'custom', algorithm: agent.kind, total: totalSteps, start: step });

  let observation: Obs;
  if (resume) {
    await agent.load(resume.agent);
    restoreEnvRng(env as Env<unknown, unknown>, resume.envRng);
    observation = env.reset().observation;
  } else {
    observation = env.reset({ seed }).observation;
  }

  const snapshot = (): RunSnapshot => ({ step, episode, midEpisode, envRng: envRng(env as Env<unknown, unknown>)?.state() ?? null, agent: agent.save(), run });
  return runLoop(run, { ...(options.callbacks ? { callbacks: options.callbacks } : {}), ...(options.signal ? { signal: options.signal } : {}), snapshot, position: () => step }, async ({ ctx, wantsSteps, shouldStop, yieldNow, yieldDue }) => {
    const stats = new EpisodeAccumulator();
    while (step < totalSteps && shouldStop() === null) {
      const action = agent.act(observation);
      const r = env.step(action);
      agent.observe({ observation, action, reward: r.reward, nextObservation: r.observation, terminated: r.terminated, truncated: r.truncated, info: r.info });
      step += 1;
      stats.add(r.reward, r.info);
      midEpisode = true;
      const metrics = agent.update();
      if (metrics) await ctx.emit({ type: 'update', step, metrics });
      if (wantsSteps) await ctx.emit({ type: 'step', step, reward: r.reward });
      observation = r.observation;
      if (r.terminated || r.truncated) {
        episode += 1;
        midEpisode = false;
        await ctx.emit({ type: 'episodeEnd', step, episode, ...stats.end(), metrics: agent.status() });
        observation = env.reset().observation;
      }
      if (step % yieldEvery === 0 || yieldDue()) await yieldNow();
    }
    return { step, summary: { episodes: episode } };
  });
}

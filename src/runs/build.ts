/**
 * What a run is built from, with nothing of Node in the module graph (the browser playground and
 * remote actors build runs too): the env with its training-time wrappers, the vector env, the
 * agent the config names, the run's description, and the agent of a checkpoint's snapshot.
 */
import type { Agent, AgentBase, VectorAgent } from '../core/agent.js';
import { CheckpointError } from '../core/errors.js';
import type { RunSnapshot } from '../trainers/callback.js';
import type { Env } from '../core/env.js';
import type { RenderMode } from '../core/render.js';
import { agentEntry, checkAgentSpaces } from '../agents/registry.js';
import { make } from '../envs/registry.js';
import { NormalizeReward, PotentialShaping, mountainCarEnergy, mountainCarTutorialShaping } from '../envs/wrappers/reward.js';
import { makeVec } from '../envs/vector/make_vec.js';
import type { VectorEnv } from '../envs/vector/types.js';
import { AddRenderObservation, GrayscaleObservation, ResizeObservation } from '../envs/wrappers/rendering.js';
import { FrameStackObservation } from '../envs/wrappers/observation.js';
import type { RunInfo } from '../core/events.js';
import { trainConfig, type PixelsConfig, type TrainConfig } from './config.js';

type Obs = unknown;
type Act = unknown;

/** The registered env of `config`, with the training-time reward wrappers when `shaped`. */
export function buildEnv(config: TrainConfig, shaped: boolean, renderMode?: RenderMode): Env<Obs, Act> {
  const env = make(config.env, renderMode || config.pixels ? { renderMode: renderMode ?? 'rgb_array' } : {});
  const observed = config.pixels ? pixelObservations(config.pixels, env) : env;
  return shaped ? trainingWrappers(config, observed) : observed;
}

/** Frames as observations: render, grayscale (first: a third of the pixels to resize), resize, stack (the env was made with rgb_array). */
function pixelObservations(p: PixelsConfig, env: Env<Obs, Act>): Env<Obs, Act> {
  let out = new AddRenderObservation(env) as Env<ArrayLike<number>, Act>;
  if (p.grayscale) out = new GrayscaleObservation(out) as Env<ArrayLike<number>, Act>;
  out = new ResizeObservation(out, [p.height, p.width]) as Env<ArrayLike<number>, Act>;
  return new FrameStackObservation(out, p.frameStack) as Env<Obs, Act>;
}

/**
 * The training vector env of `config` (`numEnvs` copies, same-step autoreset): pixels, then the
 * training-time reward wrappers, then `outer` (e.g. the live viewer's) around each copy.
 */
export function buildVecEnv(config: TrainConfig, outer?: (e: Env<unknown, unknown>) => Env<unknown, unknown>): VectorEnv {
  const pixels = config.pixels;
  const wrappers = [
    ...(pixels ? [(e: Env<unknown, unknown>) => pixelObservations(pixels, e)] : []),
    (e: Env<unknown, unknown>) => trainingWrappers(config, e),
    ...(outer ? [outer] : []),
  ];
  return makeVec(config.env, config.numEnvs, { autoresetMode: 'same-step', wrappers, ...(pixels ? { makeOptions: { renderMode: 'rgb_array' as const } } : {}) });
}

/** The discount factor of the configured agent (for potential shaping and reward scaling). */
function agentGamma(config: TrainConfig): number {
  const entry = agentEntry(config.agent);
  return entry.gamma(entry.config(config.agentConfig));
}

/** The training-time reward wrappers around `env`: shaping, then scaling (evaluation uses neither). */
function trainingWrappers(config: TrainConfig, env: Env<Obs, Act>): Env<Obs, Act> {
  let out = env;
  const mountainCar = env as Env<Float32Array, Act>;
  if (config.shaping === 'tutorial') out = mountainCarTutorialShaping(mountainCar);
  if (config.shaping === 'energy') out = new PotentialShaping(mountainCar, mountainCarEnergy, agentGamma(config));
  if (config.normalizeReward) out = new NormalizeReward(out, { gamma: agentGamma(config) });
  return out;
}

/** A built agent with the loop that trains it (as its registry entry says). */
export type BuiltAgent = { loop: 'single'; agent: Agent<Obs, Act> } | { loop: 'vector'; agent: VectorAgent<Obs, Act> };

/** The agent a config names, built for `env`'s spaces (checked against what the agent accepts). */
export function buildAgent(config: TrainConfig, env: Env<Obs, Act>): BuiltAgent {
  const entry = agentEntry(config.agent);
  checkAgentSpaces(entry, env.observationSpace, env.actionSpace, config.env);
  const options = {
    observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: config.seed,
    config: entry.config(config.agentConfig), totalSteps: config.steps, numEnvs: entry.loop === 'vector' ? config.numEnvs : 1,
  };
  return entry.loop === 'vector' ? { loop: 'vector', agent: entry.build(options) } : { loop: 'single', agent: entry.build(options) };
}

/** How the run is described to callbacks and in checkpoints: the one place a run's RunInfo is made. */
export function rlRunInfo(config: TrainConfig, runDir: string | null, backend: string | null): RunInfo {
  return { kind: 'rl', runDir, task: config.env, algorithm: config.agent, seed: config.seed, config: config as unknown as Record<string, unknown>, total: config.steps, start: 0, backend };
}

/**
 * The agent of a checkpoint's snapshot, built for its run's env from the run's config and loaded
 * (`tfgym eval`, `watch`, `resume` and the playground's model loading). Errors name `where`.
 */
export async function agentFromSnapshot(snapshot: RunSnapshot, where: string): Promise<{ config: TrainConfig; agent: AgentBase<Obs, Act> }> {
  if (snapshot.run.kind !== 'rl') throw new CheckpointError(`checkpoint ${where} is of a ${snapshot.run.kind} run (${snapshot.run.task}), not of an agent`);
  const config = trainConfig(snapshot.run.config);
  const env = buildEnv(config, false);
  const { agent } = buildAgent(config, env);
  env.close();
  try {
    await agent.load(snapshot.agent);
  } catch (e) {
    agent.dispose();
    throw e;
  }
  return { config, agent };
}

/**
 * Wires a training run from a {@link TrainConfig}: the env (with the configured shaping), the
 * agent, the evaluation env (never shaped), the run folder and the callbacks. The CLI and the
 * benchmarks both go through here.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { RunInfo } from '../core/events.js';
import { writeCheckpoint } from '../trainers/checkpoint_io.js';
import { join } from 'node:path';
import { DqnAgent } from '../agents/dqn/dqn.js';
import type { Agent } from '../core/agent.js';
import type { Env } from '../core/env.js';
import { make, spec } from '../envs/registry.js';
import { NormalizeReward, PotentialShaping, mountainCarEnergy, mountainCarTutorialShaping } from '../envs/wrappers/reward.js';
import { dqnConfig, type DqnConfig } from '../agents/dqn/config.js';
import { QTableAgent, qtableConfig, type QTableConfig } from '../agents/qtable.js';
import { ReinforceAgent, reinforceConfig, type ReinforceConfig } from '../agents/pg/reinforce.js';
import { ActorCriticAgent, actorCriticConfig, type ActorCriticConfig } from '../agents/pg/actor_critic.js';
import type { PolicyAction } from '../agents/pg/distributions.js';
import { makeVec } from '../envs/vector/make_vec.js';
import { trainVectorAgent } from '../trainers/rl_vector.js';
import type { Callback, RunSnapshot } from '../trainers/callback.js';
import { CheckpointCallback } from '../trainers/callbacks/checkpoint.js';
import { EvaluationCallback, StopOnRewardThreshold, evaluate, meanStd } from '../trainers/callbacks/evaluation.js';
import { ConsoleLogger, FileLogger, TensorBoardLogger } from '../trainers/callbacks/loggers.js';
import { ProgressBar } from '../trainers/callbacks/progress.js';
import type { TrainResult } from '../trainers/loop.js';
import { trainAgent } from '../trainers/rl.js';
import type { TrainConfig } from './presets.js';
import type { LiveRenderer } from '../render/live.js';
import type { RenderServer } from '../render/server.js';
import { closeViewer, openViewer, type RenderOptions } from '../render/run_viewer.js';

type Obs = ArrayLike<number>;
/** An env action: an index (Discrete) or a Float32Array (Box). */
type Act = PolicyAction;

export function buildEnv(config: TrainConfig, shaped: boolean): Env<Obs, Act> {
  const env = make<Float32Array, Act>(config.env);
  return shaped ? trainingWrappers(config, env) : env;
}

/** The discount factor of the configured agent (for potential shaping and reward scaling). */
function agentGamma(config: TrainConfig): number {
  return config.agent === 'a2c' || config.agent === 'ppo' ? actorCriticConfig(config.agent, config.agentConfig as Partial<ActorCriticConfig>).gamma
    : config.agent === 'qtable' ? qtableConfig(config.agentConfig as Partial<QTableConfig>).gamma
    : config.agent === 'reinforce' ? reinforceConfig(config.agentConfig as Partial<ReinforceConfig>).gamma
    : dqnConfig(config.agentConfig as Partial<DqnConfig>).gamma;
}

/** The training-time reward wrappers around `env`: shaping, then scaling (evaluation uses neither). */
function trainingWrappers(config: TrainConfig, env: Env<Obs, Act>): Env<Obs, Act> {
  let out = env;
  if (config.shaping === 'tutorial') out = mountainCarTutorialShaping(env as Env<Float32Array, Act>);
  if (config.shaping === 'energy') out = new PotentialShaping(env as Env<Float32Array, Act>, mountainCarEnergy, agentGamma(config));
  if (config.normalizeReward) out = new NormalizeReward(out, { gamma: agentGamma(config) });
  return out;
}

type BuiltAgent = Agent<Obs, Act> & { histograms?: () => Record<string, ArrayLike<number>> };

/** The agent a config names, with its own config checked; `gamma` serves potential shaping. */
export function buildAgent(config: TrainConfig, env: Env<Obs, Act>): BuiltAgent {
  if (config.agent === 'a2c' || config.agent === 'ppo') {
    return new ActorCriticAgent({
      algorithm: config.agent, observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: config.numEnvs, seed: config.seed,
      config: { totalSteps: config.steps, ...(config.agentConfig as Partial<ActorCriticConfig>) },
    }) as unknown as BuiltAgent;
  }
  if (config.agent === 'reinforce') {
    return new ReinforceAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, config: config.agentConfig as Partial<ReinforceConfig>, seed: config.seed });
  }
  if (config.agent === 'qtable') {
    return new QTableAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, config: config.agentConfig as Partial<QTableConfig>, seed: config.seed }) as unknown as BuiltAgent;
  }
  const agent = new DqnAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, config: config.agentConfig as Partial<DqnConfig>, seed: config.seed });
  return Object.assign(agent, {
    histograms: () => Object.fromEntries(agent.online.readWeights().map((w, i) => [`weights/layer${Math.floor(i / 2)}_${i % 2 ? 'bias' : 'kernel'}`, w])),
  });
}

function runInfo(config: TrainConfig, runDir: string | null, backend: string): RunInfo {
  return { kind: 'rl', runDir, task: config.env, algorithm: config.agent, seed: config.seed, config: config as unknown as Record<string, unknown>, total: config.steps, start: 0, backend };
}

export interface SessionOptions {
  config: TrainConfig;
  /** Run folder (created); null writes nothing. */
  runDir: string | null;
  /** Show a progress bar (else a line every log interval). */
  progress: boolean;
  /** Where progress lines go. */
  print: (line: string) => void;
  backend: string;
  resume?: RunSnapshot;
  signal?: AbortSignal;
  /** Extra callbacks (tests). */
  extraCallbacks?: Callback[];
  /** Stream the run to a live viewer. */
  render?: RenderOptions;
}

export interface SessionResult {
  result: TrainResult;
  runDir: string | null;
  finalEval: { episodes: number; meanReturn: number; stdReturn: number; returns: number[] } | null;
  checkpoint: string | null;
}

export async function runSession(options: SessionOptions): Promise<SessionResult> {
  const { config, runDir } = options;
  let env = buildEnv(config, true);
  let viewer: RenderServer | null = null;
  let live: LiveRenderer | null = null;
  if (options.render) {
    ({ viewer, live } = await openViewer(options.render, options.print, config.logInterval));
    (options.extraCallbacks ??= []).push(live);
  }
  const evalEnv = buildEnv(config, false);
  const agent = buildAgent(config, env);
  const callbacks: Callback[] = [];
  const evaluation = new EvaluationCallback({ env: evalEnv, agent, every: config.evalEvery, episodes: config.evalEpisodes, keepBest: runDir !== null });
  callbacks.push(evaluation);
  const threshold = spec(config.env).rewardThreshold;
  if (config.stopAtThreshold && threshold !== null) callbacks.push(new StopOnRewardThreshold(threshold));
  let checkpoints: CheckpointCallback | null = null;
  if (runDir) {
    mkdirSync(runDir, { recursive: true });
    if (!options.resume) writeFileSync(join(runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    callbacks.push(new FileLogger({ dir: runDir, interval: config.logInterval }));
    callbacks.push(new TensorBoardLogger(join(runDir, 'tb'), config.logInterval, agent.histograms));
    checkpoints = new CheckpointCallback({ dir: join(runDir, 'checkpoints'), every: config.checkpointEvery, keep: config.keepCheckpoints });
    callbacks.push(checkpoints);
  }
  callbacks.push(options.progress ? new ProgressBar() : new ConsoleLogger(Math.max(config.logInterval, 10_000), options.print));
  callbacks.push(...(options.extraCallbacks ?? []));
  try {
    let copy = 0;
    const result = agent instanceof ActorCriticAgent
      ? await trainVectorAgent({
        venv: makeVec(config.env, config.numEnvs, {
          autoresetMode: 'same-step',
          wrappers: [(e) => trainingWrappers(config, e as Env<Obs, Act>), ...(live ? [(e: Env<unknown, unknown>) => (live as LiveRenderer).wrap(e, copy++)] : [])],
        }),
        agent, totalSteps: config.steps, seed: config.seed, callbacks, run: runInfo(config, runDir, options.backend),
        ...(options.resume ? { resume: options.resume } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })
      : await trainAgent({
        env: live ? live.wrap(env) : env, agent, totalSteps: config.steps, seed: config.seed, callbacks,
        run: runInfo(config, runDir, options.backend),
        ...(options.resume ? { resume: options.resume } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    if (agent instanceof QTableAgent) options.print(`Q-table (* marks the greedy action):\n${agent.format()}`);
    const last = evaluation.last;
    const finalEval = last ? { episodes: last.episodes, meanReturn: last.meanReturn, stdReturn: last.stdReturn, returns: last.returns } : null;
    let best: string | null = null;
    if (runDir) {
      if (finalEval) writeFileSync(join(runDir, 'eval.json'), `${JSON.stringify({ env: config.env, step: last?.step, ...finalEval }, null, 2)}\n`);
      if (evaluation.best) {
        // The model at its best evaluation, as a checkpoint of its own: `tfgym eval RUN/best`.
        const { step, snapshot } = evaluation.best;
        rmSync(join(runDir, 'best'), { recursive: true, force: true });
        best = writeCheckpoint(join(runDir, 'best'), { step, episode: 0, midEpisode: true, envRng: null, agent: snapshot, run: { ...runInfo(config, runDir, options.backend) } });
      }
      const bestEval = evaluation.best ? { step: evaluation.best.step, meanReturn: evaluation.best.meanReturn, checkpoint: best } : null;
      writeFileSync(join(runDir, 'summary.json'), `${JSON.stringify({ ...result, finalEval, bestEval, checkpoint: checkpoints?.last ?? null }, null, 2)}\n`);
    }
    return { result, runDir, finalEval, checkpoint: checkpoints?.last ?? null };
  } finally {
    agent.dispose();
    env.close();
    evalEnv.close();
    if (viewer) await closeViewer(viewer, options.render?.linger ?? 0, options.print, options.signal);
  }
}

/** Evaluates a loaded agent on the unshaped env. */
export function evaluateAgent(config: TrainConfig, agent: Agent<Obs, Act>, episodes: number, seed: number): { returns: number[]; mean: number; std: number } {
  const env = buildEnv(config, false);
  const returns = evaluate(env, agent, episodes, seed);
  env.close();
  return { returns, ...meanStd(returns) };
}

/**
 * RL runs from a {@link TrainConfig}: the env (with the configured shaping), the agent (through
 * the agents registry), the evaluation env (never shaped), the run folder and the callbacks, the
 * loop the agent's entry names, and the files a run leaves: config.json, logs, TensorBoard,
 * checkpoints/, best/, eval.json and summary.json. The CLI, the benchmarks and the examples all
 * train through here.
 */
import { join } from 'node:path';
import type { AgentBase, AgentSnapshot } from '../core/agent.js';
import type { Env } from '../core/env.js';
import type { RunInfo } from '../core/events.js';
import { spec } from '../envs/registry.js';
import type { RenderOptions } from '../render/run_viewer.js';
import type { Callback, RunSnapshot } from '../trainers/callback.js';
import { CheckpointCallback } from '../trainers/callbacks/checkpoint.js';
import { EvaluationCallback, StopOnRewardThreshold, evaluate } from '../trainers/callbacks/evaluation.js';
import { readCheckpoint } from '../trainers/checkpoint_io.js';
import { readBest, writeBest, type BestRecord } from './best.js';
import type { TrainResult } from '../trainers/loop.js';
import { trainAgent } from '../trainers/rl.js';
import { trainVectorAgent } from '../trainers/rl_vector.js';
import { meanStd } from '../core/stats.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { TrainConfig } from './config.js';
import { claimRunFolder, openRunOutputs } from './outputs.js';
import { VideoCallback, loadRasterBackend, recordEpisodes } from './video.js';
import { distributedConfig, type DistributedConfig } from './distributed/config.js';
import { finishRun, trainRemoteAgent, trainRemoteVectorAgent } from './distributed/learner.js';
import { closeRedis, connectRedis, runKeys, type RedisTarget } from './distributed/redis.js';
import { spawnActors, type LocalActors } from './distributed/spawn.js';

type Obs = unknown;
type Act = unknown;

export { buildAgent, buildEnv, buildVecEnv, rlRunInfo, type BuiltAgent } from './build.js';
import { buildAgent, buildEnv, buildVecEnv, rlRunInfo } from './build.js';


export interface RlRunOptions {
  config: TrainConfig;
  /** Run folder (created); null writes nothing. */
  runDir: string | null;
  /** Show a progress bar (else a line every 10,000 steps or log interval). */
  progress: boolean;
  /** Where progress lines go. */
  print: (line: string) => void;
  /** The tensor backend in use, for the record. */
  backend: string;
  /** Continue from this snapshot (a checkpoint of this run). */
  resume?: RunSnapshot;
  /** Replace what a non-empty `runDir` holds (a new run only); without it such a folder is refused. */
  overwrite?: boolean;
  signal?: AbortSignal;
  /** More callbacks (after the run's own). */
  extraCallbacks?: Callback[];
  /** Stream the run to a live viewer. */
  render?: RenderOptions;
  /** Learn from remote actors over Redis (this process is the learner); see {@link DistributedRunOptions}. */
  distributed?: DistributedRunOptions;
}

/** A distributed run's learner side. */
export interface DistributedRunOptions {
  target: RedisTarget;
  /** Names the run's keys (`tfgym:RUN_ID:`); actors join with it. */
  runId: string;
  /** Actor processes to start here (`tfgym actor` children); more can join from anywhere. */
  localActors: number;
  config?: Partial<DistributedConfig>;
}

export interface EvalSummary {
  episodes: number;
  meanReturn: number;
  stdReturn: number;
  returns: number[];
}

export interface RlRunResult {
  result: TrainResult;
  runDir: string | null;
  /** The greedy evaluation of the final model on the unshaped env. */
  finalEval: EvalSummary | null;
  /** The best evaluation and where its model was written (`RUN/best`). */
  bestEval: { step: number; meanReturn: number; checkpoint: string | null } | null;
  /**
   * The model the run delivers (`RUN/best`, the model at its best periodic evaluation, which is
   * the final model when that evaluated best; the final model when the run has no folder) tested
   * on `testEpisodes` fresh episodes. Null when the run did not complete or `testEpisodes` is 0.
   */
  delivered: DeliveredModel | null;
  /**
   * The final model tested on the same fresh episodes as the delivered one (so the two can be
   * compared); null when the run did not complete or `testEpisodes` is 0.
   */
  finalTest: EvalSummary | null;
  /** Every periodic evaluation of this command: env step and mean return. */
  evaluations: { step: number; meanReturn: number }[];
  /** Wall-clock seconds spent in periodic evaluations (excluded from the training speed). */
  evalSeconds: number;
  /** The newest checkpoint. */
  checkpoint: string | null;
  /** Text the agent adds to the run's output (e.g. a Q-table), or null. */
  report: string | null;
  /** What `summary.json` holds and `--json` prints (snake_case keys). */
  summary: Record<string, unknown>;
}

export interface DeliveredModel {
  /** Its checkpoint (`RUN/best`), or null for a run without a folder. */
  path: string | null;
  /** The env step it was taken at. */
  step: number;
  episodes: number;
  meanReturn: number;
  stdReturn: number;
}

/** Seeds of the test episodes: far from the periodic evaluations' (1,000,000 + k * episodes) and from training's. */
export const TEST_SEED = 1_000_000_000;
/** The seed of every training video's episode: the same start state each time, to compare. */
export const VIDEO_SEED = 2_000_000_000;

/** The agent's greedy returns on the test episodes (seeds TEST_SEED, TEST_SEED + 1, ...). */
function testAgent(config: TrainConfig, agent: AgentBase<Obs, Act>, evalEnv: Env<Obs, Act>): EvalSummary {
  const returns = evaluate(evalEnv, agent, config.testEpisodes, TEST_SEED);
  const { mean, std } = meanStd(returns);
  return { episodes: config.testEpisodes, meanReturn: mean, stdReturn: std, returns };
}

/**
 * Tests the final model, then the delivered one (best snapshot, else the final one), on the same
 * fresh episodes; the agent is left holding the delivered model.
 */
async function testModels(
  config: TrainConfig, agent: AgentBase<Obs, Act>, evalEnv: Env<Obs, Act>, evaluation: EvaluationCallback<Obs, Act>, bestEval: RlRunResult['bestEval'], finalStep: number,
): Promise<{ finalTest: EvalSummary; delivered: DeliveredModel }> {
  const finalTest = testAgent(config, agent, evalEnv);
  // This command's best in memory, else the run's best from an earlier command (on disk), else the final model.
  const best = evaluation.best;
  if (best) await agent.load(best.snapshot);
  else if (bestEval?.checkpoint) await agent.load(readCheckpoint(bestEval.checkpoint).agent);
  const loaded = best !== null || Boolean(bestEval?.checkpoint);
  const { meanReturn, stdReturn } = loaded ? testAgent(config, agent, evalEnv) : finalTest;
  return { finalTest, delivered: { path: bestEval?.checkpoint ?? null, step: bestEval?.step ?? finalStep, episodes: config.testEpisodes, meanReturn, stdReturn } };
}

/** The run's summary as scripts read it (summary.json and `--json`). */
function rlSummary(config: TrainConfig, r: RlRunResult): Record<string, unknown> {
  const { result, finalEval, delivered, finalTest } = r;
  const trained = result.steps - result.start;
  return {
    run_dir: r.runDir, env: config.env, agent: config.agent, seed: config.seed, steps: result.steps, reason: result.reason, message: result.message,
    wall_seconds: Number(result.seconds.toFixed(3)), steps_per_second: Math.round(trained / Math.max(result.seconds, 1e-9)),
    eval_seconds: Number(r.evalSeconds.toFixed(3)), training_steps_per_second: Math.round(trained / Math.max(result.seconds - r.evalSeconds, 1e-9)),
    final_eval: finalEval ? { episodes: finalEval.episodes, mean_return: finalEval.meanReturn, std_return: finalEval.stdReturn } : null,
    best_eval: r.bestEval ? { step: r.bestEval.step, mean_return: r.bestEval.meanReturn } : null,
    delivered: delivered ? { path: delivered.path, step: delivered.step, episodes: delivered.episodes, mean_return: delivered.meanReturn, std_return: delivered.stdReturn } : null,
    final_test: finalTest ? { episodes: finalTest.episodes, mean_return: finalTest.meanReturn, std_return: finalTest.stdReturn } : null,
    evaluations: r.evaluations.map((e) => ({ step: e.step, mean_return: e.meanReturn })),
    checkpoint: r.checkpoint,
    ...(result.summary.distributed ? { distributed: result.summary.distributed } : {}),
  };
}

/** The lines a person reads when the run ends: what was trained, what is delivered, what to do next. */
function printSummary(r: RlRunResult, print: (line: string) => void): void {
  const { result, finalEval, delivered } = r;
  if (finalEval) print(`final model: mean return ${finalEval.meanReturn.toFixed(2)} ± ${finalEval.stdReturn.toFixed(2)} over ${finalEval.episodes} evaluation episodes`);
  if (r.finalTest) print(`final model: mean return ${r.finalTest.meanReturn.toFixed(2)} ± ${r.finalTest.stdReturn.toFixed(2)} over ${r.finalTest.episodes} fresh episodes`);
  print(`${result.reason}: ${result.steps.toLocaleString('en-US')} steps in ${result.seconds.toFixed(1)} s${result.message ? ` (${result.message})` : ''}`);
  if (r.checkpoint) print(`checkpoint: ${r.checkpoint}`);
  if (!delivered) return;
  const where = delivered.path ?? 'the trained agent';
  print(`delivered model: ${where} (step ${delivered.step.toLocaleString('en-US')}): mean return ${delivered.meanReturn.toFixed(2)} ± ${delivered.stdReturn.toFixed(2)} over ${delivered.episodes} fresh episodes`);
  if (delivered.path && r.runDir) print(`next: tfgym eval ${delivered.path}   tfgym watch ${delivered.path}   tensorboard --logdir ${join(r.runDir, 'tb')}`);
}

/** Trains (or resumes) an RL run and writes its folder. */
export async function runRl(options: RlRunOptions): Promise<RlRunResult> {
  const { config, runDir } = options;
  // The best model is the whole run's: a resume competes with the one kept before it (read
  // first, so that a bad record stops the run before anything is built or written).
  let bestRecord = runDir && options.resume ? readBest(runDir) : null;
  // Videos and pixel observations need rgb_array rendering: load it, and say so before anything is built.
  if (config.videoEvery > 0 || config.pixels) {
    await loadRasterBackend();
    buildEnv(config, false, 'rgb_array').close();
  }
  const env = buildEnv(config, true);
  const evalEnv = buildEnv(config, false);
  const built = buildAgent(config, env);
  const { agent } = built;
  const remoteReady = typeof agent.actingWeights === 'function' && (built.loop === 'single' || typeof built.agent.putRollout === 'function');
  if (options.distributed && !remoteReady) {
    agent.dispose();
    throw new InvalidArgumentError(`${config.agent} cannot train with remote actors (--redis): it needs actingWeights() and observe() or putRollout(); dqn, sac, td3, ddpg, ppo and a2c can`);
  }
  // The folder is claimed once the agent is built: a config that fails leaves no trace.
  if (runDir && !options.resume) {
    try {
      claimRunFolder(runDir, options.overwrite);
    } catch (e) {
      agent.dispose();
      throw e;
    }
  }
  const histograms = agent.histograms?.bind(agent);
  const outputs = await openRunOutputs({
    runDir, progress: options.progress, print: options.print, logInterval: config.logInterval, printInterval: Math.max(config.logInterval, 10_000),
    ...(histograms ? { histograms } : {}), ...(options.render ? { render: options.render } : {}), ...(options.signal ? { signal: options.signal } : {}),
  }).catch((e: unknown) => {
    agent.dispose();
    env.close();
    evalEnv.close();
    throw e;
  });
  const run = rlRunInfo(config, runDir, options.backend);
  const evaluation = new EvaluationCallback({
    env: evalEnv, agent, every: config.evalEvery, episodes: config.evalEpisodes, keepBest: runDir !== null,
    ...(bestRecord ? { bestToBeat: bestRecord.meanReturn } : {}),
    ...(runDir ? { onBest: (b: { step: number; meanReturn: number; snapshot: AgentSnapshot }) => void (bestRecord = writeBest(runDir, b, run)) } : {}),
  });
  const callbacks: Callback[] = [evaluation];
  const stopAt = typeof config.stopAtThreshold === 'number' ? config.stopAtThreshold : config.stopAtThreshold ? spec(config.env).rewardThreshold : null;
  if (stopAt !== null) callbacks.push(new StopOnRewardThreshold(stopAt));
  let checkpoints: CheckpointCallback | null = null;
  if (runDir) {
    if (!options.resume) outputs.writeJson('config.json', config);
    checkpoints = new CheckpointCallback({ dir: join(runDir, 'checkpoints'), every: config.checkpointEvery, keep: config.keepCheckpoints });
    callbacks.push(checkpoints);
  }
  if (runDir && config.videoEvery > 0) {
    callbacks.push(new VideoCallback({
      makeEnv: () => buildEnv(config, false, 'rgb_array'), agent: agent as AgentBase<unknown, unknown>, dir: join(runDir, 'videos'), every: config.videoEvery, seed: VIDEO_SEED, tensorboard: outputs.tensorboard, print: options.print,
    }));
  }
  callbacks.push(...outputs.callbacks, ...(options.extraCallbacks ?? []));
  const common = { totalSteps: config.steps, seed: config.seed, callbacks, run, ...(options.resume ? { resume: options.resume } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const live = outputs.live;
  const remote = options.distributed ? await startLearner(options.distributed, config, options, outputs.writeJson) : null;
  try {
    let result: TrainResult;
    if (remote) {
      const channel = { ...common, redis: remote.redis, keys: remote.keys, actorConfig: remote.actorConfig, log: options.print };
      result = built.loop === 'single'
        ? await trainRemoteAgent({ ...channel, agent: built.agent, publishEvery: remote.config.publishEvery })
        : await trainRemoteVectorAgent({ ...channel, agent: built.agent, maxPolicyLag: remote.config.maxPolicyLag });
      if (result.reason === 'completed' || result.reason === 'stopped') await finishRun(remote.redis, remote.keys);
    } else if (built.loop === 'vector') {
      let copy = 0;
      result = await trainVectorAgent({ ...common, venv: buildVecEnv(config, live ? (e) => live.wrap(e, copy++) : undefined), agent: built.agent });
    } else {
      result = await trainAgent({ ...common, env: live ? live.wrap(env) : env, agent: built.agent });
    }
    const report = agent.report?.() ?? null;
    if (report) options.print(report);
    const last = evaluation.last;
    const finalEval = last ? { episodes: last.episodes, meanReturn: last.meanReturn, stdReturn: last.stdReturn, returns: last.returns } : null;
    if (runDir && finalEval) outputs.writeJson('eval.json', { env: config.env, step: last?.step, ...finalEval });
    const best = bestRecord as BestRecord | null; // written by onBest as evaluations improved
    const bestEval: RlRunResult['bestEval'] = best ? { step: best.step, meanReturn: best.meanReturn, checkpoint: best.checkpoint } : null;
    const tested = (result.reason === 'completed' || result.reason === 'stopped') && config.testEpisodes > 0 ? await testModels(config, agent, evalEnv, evaluation, bestEval, result.steps) : null;
    const evaluations = evaluation.history.map((e) => ({ step: e.step, meanReturn: e.meanReturn }));
    const out: RlRunResult = {
      result, runDir, finalEval, bestEval, delivered: tested?.delivered ?? null, finalTest: tested?.finalTest ?? null, evaluations, evalSeconds: evaluation.seconds,
      checkpoint: checkpoints?.last ?? null, report, summary: {},
    };
    out.summary = rlSummary(config, out);
    printSummary(out, options.print);
    outputs.writeJson('summary.json', out.summary);
    return out;
  } finally {
    await remote?.actors?.stop();
    if (remote) closeRedis(remote.redis);
    agent.dispose();
    env.close();
    evalEnv.close();
    await outputs.close();
  }
}

/** Connects the learner, records how to reach the run (without the password), starts the local actors. */
async function startLearner(d: DistributedRunOptions, config: TrainConfig, options: RlRunOptions, writeJson: (name: string, value: unknown) => void) {
  const dc = distributedConfig({ actors: Math.max(1, d.localActors), ...d.config });
  const redis = await connectRedis(d.target, { name: `tfgym-learner-${d.runId}`, onEvent: options.print });
  const keys = runKeys(d.runId);
  await redis.set(keys.nextActor, String(d.localActors), 'NX');
  writeJson('distributed.json', { redis: d.target.display, run_id: d.runId, config: dc });
  options.print(`learner of run ${d.runId} on ${d.target.display}; more actors: tfgym actor --redis ${d.target.display} --run ${d.runId}${d.target.hasPassword ? ' (password in TFGYM_REDIS_PASSWORD)' : ''}`);
  const actors: LocalActors | null = d.localActors > 0 ? spawnActors(d.target, d.runId, d.localActors, options.backend, options.print) : null;
  return { redis, keys, config: dc, actors, actorConfig: JSON.stringify({ train: config, distributed: dc }) };
}

/**
 * Greedy episodes of `agent` on the config's unshaped env, seeded `seed`, `seed + 1`, ...; with
 * `video` (a .gif or .mp4 path), recorded into that file one after another (load the raster
 * backend first: `loadRasterBackend`).
 */
export function evaluateAgent(config: TrainConfig, agent: AgentBase<Obs, Act>, episodes: number, seed: number, video?: string): { returns: number[]; mean: number; std: number; video: { path: string; frames: number } | null } {
  const env = buildEnv(config, false, video ? 'rgb_array' : undefined);
  try {
    if (video) {
      const r = recordEpisodes(env, agent, video, episodes, seed);
      return { returns: r.returns, ...meanStd(r.returns), video: { path: r.path, frames: r.frames } };
    }
    const returns = evaluate(env, agent, episodes, seed);
    return { returns, ...meanStd(returns), video: null };
  } finally {
    env.close();
  }
}

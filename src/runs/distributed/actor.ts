/**
 * An actor of a distributed run: the run's env (shaped as in training) and agent, built by the
 * runs library from the config the learner put in Redis, acting with the learner's newest weights.
 *
 * - Off-policy agents (DQN, SAC, TD3, DDPG): one env, the actor's own exploration (Ape-X epsilons
 *   for DQN), weights checked every `pullEvery` steps, batches of `batchSize` transitions sent.
 * - On-policy agents (PPO, A2C): the run's `numEnvs` copies; each complete rollout is sent tagged
 *   with the weights' version, then the actor waits for the learner's next version (a rollout of
 *   older weights would be dropped).
 *
 * When the learner is behind (more than `highWater` entries unread) the actor waits: memory stays
 * bounded and the experience fresh. It exits when the learner marks the run done, or on its signal.
 */
import type { Redis } from 'ioredis';
import type { Agent, AgentBase, VectorAgent } from '../../core/agent.js';
import type { Env } from '../../core/env.js';
import { InvalidArgumentError, TfgymError, describe } from '../../core/errors.js';
import { EpisodeAccumulator } from '../../trainers/episodes.js';
import { VectorEpisodes, vectorStep } from '../../trainers/rl_vector.js';
import { buildAgent, buildEnv, buildVecEnv } from '../build.js';
import { trainConfig, type TrainConfig } from '../config.js';
import { decodeWeights, encodeBatch, encodeRollout, type EpisodeStat } from './codec.js';
import { actorEpsilon, distributedConfig, type DistributedConfig } from './config.js';
import { closeRedis, connectRedis, runKeys, type RedisTarget, type RunKeys } from './redis.js';

export interface ActorOptions {
  target: RedisTarget;
  runId: string;
  /** This actor's index (its epsilon and seeds); without it, the next free index of the run. */
  index?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Give up when the run's config has not appeared in Redis after this many ms. Default 60,000. */
  waitMs?: number;
}

export interface ActorResult {
  index: number;
  steps: number;
  episodes: number;
  /** Entries sent (transition batches, or rollouts). */
  batches: number;
  /** Milliseconds spent waiting for the learner (to catch up, or for new weights). */
  throttledMs: number;
  weightLoads: number;
  reason: 'done' | 'interrupted';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The run's configs from Redis, waiting for the learner to publish them. */
async function readRunConfig(redis: Redis, key: string, waitMs: number, signal?: AbortSignal): Promise<{ train: Readonly<TrainConfig>; distributed: Readonly<DistributedConfig> }> {
  const until = performance.now() + waitMs;
  for (;;) {
    const text = await redis.get(key);
    if (text) {
      const raw = JSON.parse(text) as { train: unknown; distributed: unknown };
      return { train: trainConfig(raw.train), distributed: distributedConfig(raw.distributed as Partial<DistributedConfig>) };
    }
    if (signal?.aborted) throw new TfgymError('actor interrupted while waiting for the learner');
    if (performance.now() > until) throw new TfgymError(`no run config at ${key} after ${waitMs / 1000} s: is the learner of this run started (tfgym train --redis …)?`);
    await sleep(200);
  }
}

/** An actor's side of Redis: weights pulled by version, reports, entries sent with back-pressure. */
class ActorLink {
  version = '';
  private lastBeat = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RunKeys,
    private readonly dc: Readonly<DistributedConfig>,
    private readonly agent: AgentBase<unknown, unknown>,
    readonly result: ActorResult,
    private readonly signal?: AbortSignal,
  ) {}

  get stopping(): boolean {
    return this.signal?.aborted === true;
  }

  /** Loads the learner's weights if they are not the ones held (and its step count). */
  async pull(): Promise<void> {
    const v = await this.redis.hget(this.keys.weights, 'version');
    if (v === null || v === this.version) return;
    const [data, step] = await Promise.all([this.redis.hgetBuffer(this.keys.weights, 'data'), this.redis.hget(this.keys.weights, 'step')]);
    if (!data) return;
    this.agent.loadActingWeights?.(decodeWeights(data));
    if (Number.isSafeInteger(Number(step)) && Number(step) >= 0) this.agent.setActorProgress?.(Number(step));
    this.version = v;
    this.result.weightLoads += 1;
  }

  /** Waits for weights newer than `than` (or any, from ''), or for the run's end; false when it ended or the signal fired. */
  async awaitWeights(than: string): Promise<boolean> {
    for (let wait = 2; ; wait = Math.min(wait * 2, 20)) {
      await this.pull();
      if (this.version !== than) return true;
      if (this.stopping || (await this.done())) return false;
      const t0 = performance.now();
      await sleep(wait);
      this.result.throttledMs += performance.now() - t0;
      await this.beatIfDue();
    }
  }

  async done(): Promise<boolean> {
    return (await this.redis.get(this.keys.status)) === 'done';
  }

  async beat(): Promise<void> {
    this.lastBeat = performance.now();
    const r = this.result;
    await this.redis.set(this.keys.actor(r.index), JSON.stringify({ steps: r.steps, episodes: r.episodes, version: this.version, throttled_ms: Math.round(r.throttledMs) }), 'PX', this.dc.actorTimeoutMs);
  }

  async beatIfDue(): Promise<boolean> {
    if (performance.now() - this.lastBeat <= this.dc.actorTimeoutMs / 3) return false;
    await this.beat();
    return true;
  }

  /** Appends an entry, then waits while the learner is more than `highWater` entries behind. */
  async send(fields: (string | Buffer)[]): Promise<void> {
    await this.redis.xaddBuffer(this.keys.experience, 'MAXLEN', '~', this.dc.maxStreamEntries, '*', ...fields);
    this.result.batches += 1;
    // Waits of at most 8 ms: the few entries allowed last the learner about 0.1 s, and it must not run dry.
    for (let wait = 1; (await this.redis.xlen(this.keys.experience)) > this.dc.highWater; wait = Math.min(wait * 2, 8)) {
      if (this.stopping || (await this.done())) break;
      const t0 = performance.now();
      await sleep(wait);
      this.result.throttledMs += performance.now() - t0;
      await this.beatIfDue();
    }
  }
}

/** Off-policy acting: one env, batches of transitions. */
async function actOffPolicy(link: ActorLink, agent: Agent<unknown, unknown>, env: Env<unknown, unknown>, seed: number, dc: Readonly<DistributedConfig>): Promise<void> {
  const { result } = link;
  const n = dc.batchSize;
  const d = (env.observationSpace as unknown as { shape: readonly number[] }).shape.reduce((a, b) => a * b, 1);
  const discrete = 'n' in env.actionSpace;
  const k = discrete ? 1 : (env.actionSpace as unknown as { shape: readonly number[] }).shape.reduce((a, b) => a * b, 1);
  let observation = env.reset({ seed }).observation as ArrayLike<number>;
  const stats = new EpisodeAccumulator();
  while (!link.stopping) {
    const obs = new Float32Array(n * d);
    const next = new Float32Array(n * d);
    const actions = discrete ? new Int32Array(n) : new Float32Array(n * k);
    const rewards = new Float64Array(n);
    const flags = new Uint8Array(n);
    const episodes: EpisodeStat[] = [];
    for (let i = 0; i < n; i++) {
      const action = agent.act(observation);
      const r = env.step(action);
      obs.set(observation, i * d);
      next.set(r.observation as ArrayLike<number>, i * d);
      if (discrete) actions[i] = action as number;
      else actions.set(action as ArrayLike<number>, i * k);
      rewards[i] = r.reward;
      flags[i] = (r.terminated ? 1 : 0) | (r.truncated ? 2 : 0);
      stats.add(r.reward, r.info);
      result.steps += 1;
      observation = r.observation as ArrayLike<number>;
      if (r.terminated || r.truncated) {
        episodes.push({ index: i, ...stats.end() });
        result.episodes += 1;
        observation = env.reset().observation as ArrayLike<number>;
      }
      if (result.steps % dc.pullEvery === 0) await link.pull();
    }
    await link.send(encodeBatch({ actor: result.index, seq: result.batches, version: Number(link.version), size: n, observationSize: d, actionSize: k, observations: obs, nextObservations: next, actions, rewards, flags, episodes }));
    if ((await link.beatIfDue()) && (await link.done())) return;
  }
}

/** On-policy acting: the run's vector env, whole rollouts tagged with their weights' version. */
async function actOnPolicy(link: ActorLink, agent: VectorAgent<unknown, unknown>, train: Readonly<TrainConfig>, seed: number): Promise<void> {
  const { result } = link;
  const venv = buildVecEnv(train);
  try {
    let observations = venv.reset({ seed }).observations as Float32Array;
    const episodes = new VectorEpisodes(venv.numEnvs);
    let ended: EpisodeStat[] = [];
    let t = 0;
    while (!link.stopping) {
      const outcome = vectorStep(venv, agent as VectorAgent<ArrayLike<number>, unknown>, observations);
      observations = outcome.next;
      result.steps += venv.numEnvs;
      for (const e of episodes.record(outcome)) {
        ended.push({ index: t, return: e.return, rawReturn: e.rawReturn, length: e.length }); // without its copy
        result.episodes += 1;
      }
      t += 1;
      const rollout = agent.takeRollout?.() ?? null;
      if (!rollout) continue;
      const version = link.version;
      await link.send(encodeRollout({ actor: result.index, seq: result.batches, version: Number(version), rollout, episodes: ended }));
      ended = [];
      t = 0;
      await link.beatIfDue();
      if (!(await link.awaitWeights(version))) return;
    }
  } finally {
    venv.close();
  }
}

export async function runActor(options: ActorOptions): Promise<ActorResult> {
  const log = options.log ?? (() => undefined);
  const redis = await connectRedis(options.target, { name: `tfgym-actor-${options.runId}`, onEvent: log });
  const keys = runKeys(options.runId);
  let agent: AgentBase<unknown, unknown> | null = null;
  let env: Env<unknown, unknown> | null = null;
  let index = -1;
  try {
    const { train, distributed: dc } = await readRunConfig(redis, keys.config, options.waitMs ?? 60_000, options.signal);
    index = options.index ?? (await redis.incr(keys.nextActor)) - 1;
    if (!(Number.isSafeInteger(index) && index >= 0)) throw new InvalidArgumentError(`actor index must be a non-negative integer, got ${describe(index)}`);
    const seed = train.seed + 10_007 * (index + 1);
    env = buildEnv({ ...train, seed }, true);
    const built = buildAgent({ ...train, seed }, env);
    agent = built.agent;
    const epsilon = actorEpsilon(index, dc); // NaN: the agent's own schedule, at the learner's step
    if (built.loop === 'single' && !Number.isNaN(epsilon)) agent.setActorExploration?.(epsilon);
    const exploring = built.loop === 'vector' ? `, ${train.numEnvs} env copies` : !agent.setActorExploration ? '' : Number.isNaN(epsilon) ? ", the agent's epsilon schedule" : `, epsilon ${epsilon.toPrecision(3)}`;
    log(`actor ${index} of run ${options.runId}: ${train.agent} on ${train.env}${exploring}`);
    const result: ActorResult = { index, steps: 0, episodes: 0, batches: 0, throttledMs: 0, weightLoads: 0, reason: 'done' };
    const link = new ActorLink(redis, keys, dc, agent, result, options.signal);
    await link.beat();
    if (!(await link.awaitWeights(''))) return { ...result, reason: link.stopping ? 'interrupted' : 'done' };
    if (built.loop === 'single') await actOffPolicy(link, built.agent, env, seed, dc);
    else await actOnPolicy(link, built.agent, train, seed);
    return { ...result, reason: link.stopping ? 'interrupted' : 'done' };
  } finally {
    agent?.dispose();
    env?.close();
    if (index >= 0) await redis.del(keys.actor(index)).catch(() => undefined);
    closeRedis(redis);
  }
}

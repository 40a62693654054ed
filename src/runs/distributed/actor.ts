/**
 * An actor of a distributed run: the run's env (shaped as in training) and agent, built by the
 * runs library from the config the learner put in Redis, acting with its own exploration and the
 * learner's newest weights (checked every `pullEvery` steps), appending batches of transitions to
 * the run's stream. When the learner is behind (more than `highWater` entries unread) it waits:
 * memory stays bounded and the experience stays fresh. It exits when the learner marks the run
 * done, or on its abort signal.
 */
import type { Redis } from 'ioredis';
import type { Agent } from '../../core/agent.js';
import { InvalidArgumentError, TfgymError, describe } from '../../core/errors.js';
import { buildAgent, buildEnv } from '../rl.js';
import { trainConfig } from '../config.js';
import { decodeWeights, encodeBatch, type EpisodeStat } from './codec.js';
import { actorEpsilon, distributedConfig, type DistributedConfig } from './config.js';
import { closeRedis, connectRedis, runKeys, type RedisTarget } from './redis.js';

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
  batches: number;
  /** Milliseconds spent waiting for the learner to catch up. */
  throttledMs: number;
  weightLoads: number;
  reason: 'done' | 'interrupted';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The run's distributed config from Redis, waiting for the learner to publish it. */
async function readRunConfig(redis: Redis, key: string, waitMs: number, signal?: AbortSignal): Promise<{ train: ReturnType<typeof trainConfig>; distributed: Readonly<DistributedConfig> }> {
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

export async function runActor(options: ActorOptions): Promise<ActorResult> {
  const log = options.log ?? (() => undefined);
  const redis = await connectRedis(options.target, { name: `tfgym-actor-${options.runId}`, onEvent: log });
  const keys = runKeys(options.runId);
  let agent: Agent<unknown, unknown> | null = null;
  let env: ReturnType<typeof buildEnv> | null = null;
  let index = -1;
  try {
    const { train, distributed: dc } = await readRunConfig(redis, keys.config, options.waitMs ?? 60_000, options.signal);
    index = options.index ?? (await redis.incr(keys.nextActor)) - 1;
    if (!(Number.isSafeInteger(index) && index >= 0)) throw new InvalidArgumentError(`actor index must be a non-negative integer, got ${describe(index)}`);
    const seed = train.seed + 10_007 * (index + 1);
    env = buildEnv({ ...train, seed }, true);
    const built = buildAgent({ ...train, seed }, env);
    if (built.loop !== 'single') throw new TfgymError(`${train.agent} learns from rollouts of vector envs: it cannot have remote actors yet`);
    agent = built.agent;
    const epsilon = actorEpsilon(index, dc); // NaN: the agent's own schedule, at the learner's step
    if (!Number.isNaN(epsilon)) agent.setActorExploration?.(epsilon);
    const exploring = Number.isNaN(epsilon) ? ", the learner's epsilon schedule" : `, epsilon ${epsilon.toPrecision(3)}`;
    log(`actor ${index} of run ${options.runId}: ${train.agent} on ${train.env}${agent.setActorExploration ? exploring : ''}`);

    let version = '';
    const pull = async (): Promise<void> => {
      const v = await redis.hget(keys.weights, 'version');
      if (v === null || v === version) return;
      const data = await redis.hgetBuffer(keys.weights, 'data');
      if (!data) return;
      const step = Number(await redis.hget(keys.weights, 'step'));
      (agent as Agent<unknown, unknown>).loadActingWeights?.(decodeWeights(data));
      if (Number.isSafeInteger(step) && step >= 0) agent?.setActorProgress?.(step);
      version = v;
      result.weightLoads += 1;
    };
    const result: ActorResult = { index, steps: 0, episodes: 0, batches: 0, throttledMs: 0, weightLoads: 0, reason: 'done' };
    while (version === '') {
      if (options.signal?.aborted) return { ...result, reason: 'interrupted' };
      await pull();
      if (version === '') await sleep(100);
    }

    const n = dc.batchSize;
    const d = (env.observationSpace as { shape: readonly number[] }).shape.reduce((a, b) => a * b, 1);
    const discrete = 'n' in env.actionSpace;
    const k = discrete ? 1 : (env.actionSpace as unknown as { shape: readonly number[] }).shape.reduce((a, b) => a * b, 1);
    let observation = env.reset({ seed }).observation as ArrayLike<number>;
    let ret = 0;
    let raw = 0;
    let hasRaw = false;
    let length = 0;
    let lastBeat = 0;
    const beat = async (): Promise<void> => {
      lastBeat = performance.now();
      await redis.set(keys.actor(index), JSON.stringify({ steps: result.steps, episodes: result.episodes, version, throttled_ms: Math.round(result.throttledMs) }), 'PX', dc.actorTimeoutMs);
    };
    await beat();
    while (!options.signal?.aborted) {
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
        ret += r.reward;
        length += 1;
        if (typeof r.info.rawReward === 'number') {
          raw += r.info.rawReward;
          hasRaw = true;
        }
        result.steps += 1;
        observation = r.observation as ArrayLike<number>;
        if (r.terminated || r.truncated) {
          episodes.push({ index: i, return: ret, rawReturn: hasRaw ? raw : null, length });
          result.episodes += 1;
          ret = raw = length = 0;
          hasRaw = false;
          observation = env.reset().observation as ArrayLike<number>;
        }
        if (result.steps % dc.pullEvery === 0) await pull();
      }
      const fields = encodeBatch({ actor: index, seq: result.batches, version: Number(version), size: n, observationSize: d, actionSize: k, observations: obs, nextObservations: next, actions, rewards, flags, episodes });
      await redis.xaddBuffer(keys.experience, 'MAXLEN', '~', dc.maxStreamEntries, '*', ...fields);
      result.batches += 1;
      // Back-pressure: wait while the learner is more than highWater entries behind.
      for (let wait = 5; (await redis.xlen(keys.experience)) > dc.highWater; wait = Math.min(wait * 2, 100)) {
        if (options.signal?.aborted || (await redis.get(keys.status)) === 'done') break;
        const t0 = performance.now();
        await sleep(wait);
        result.throttledMs += performance.now() - t0;
        if (performance.now() - lastBeat > dc.actorTimeoutMs / 3) await beat();
      }
      if (performance.now() - lastBeat > dc.actorTimeoutMs / 3) {
        await beat();
        if ((await redis.get(keys.status)) === 'done') return result;
      }
    }
    return { ...result, reason: 'interrupted' };
  } finally {
    agent?.dispose();
    env?.close();
    if (index >= 0) await redis.del(keys.actor(index)).catch(() => undefined);
    closeRedis(redis);
  }
}

/**
 * The learner of a distributed run (Ape-X's split): actors play and append transition batches to
 * a Redis stream; the learner reads them through a consumer group, feeds each transition to the
 * same `observe` / `update` an agent gets in a single-process run (so the replay ratio is the
 * same: `trainFrequency` counts transitions consumed), acknowledges and deletes what it consumed,
 * and publishes versioned acting weights (on-policy agents: whole rollouts instead, learned from
 * when they were collected with the current weights). It runs in the one loop shell every trainer uses, so
 * the run's callbacks (evaluation, checkpoints, logs, TensorBoard, the viewer) work unchanged.
 *
 * What can go wrong is counted, never fatal: batches lost on the way (gaps in an actor's sequence
 * numbers: trimmed, or lost with a restarted Redis), actors that stop reporting, a Redis restart
 * (the consumer group, config and weights are put back), entries that do not decode, and what was
 * pending when an earlier learner died (re-read first: "reclaimed").
 */
import type { Redis } from 'ioredis';
import type { Agent, Rollout, VectorAgent } from '../../core/agent.js';
import type { RunSnapshot } from '../../trainers/callback.js';
import { describeRun, runLoop, type RunOptions, type TrainResult } from '../../trainers/loop.js';
import { decodeBatch, decodeRollout, encodeWeights, type EpisodeStat, type TransitionBatch } from './codec.js';
import type { RunKeys } from './redis.js';

export const GROUP = 'learners';

/** What a distributed run counts (summary.json's `distributed`, and the log). */
export interface DistributedStats {
  /** Transitions the learner consumed (= the run's env steps). */
  transitions: number;
  batches: number;
  bytes: number;
  /** Batches missing from actors' sequences (trimmed, or lost with Redis), and their transitions (estimated from the next batch's size). */
  lostBatches: number;
  lostTransitions: number;
  /** Entries pending from an earlier learner, read again at the start. */
  reclaimed: number;
  /** Transitions past the step budget in the last batches (not learned from). */
  droppedAtEnd: number;
  /** Entries that did not decode (acknowledged and deleted). */
  malformed: number;
  /** On-policy runs: rollouts collected with weights older than allowed (dropped), and their transitions. */
  staleRollouts: number;
  staleTransitions: number;
  /** Times the learner found its consumer group gone (Redis restarted without its data). */
  redisRestarts: number;
  /** Distinct actors seen, and how many stopped reporting during the run. */
  actorsSeen: number;
  actorsLost: number;
  /** Weight versions published; mean versions the acting weights were behind when their batch arrived. */
  weightVersion: number;
  meanStaleness: number;
}

export interface LearnerOptions<Obs, Act> extends RunOptions {
  redis: Redis;
  keys: RunKeys;
  agent: Agent<Obs, Act>;
  totalSteps: number;
  resume?: RunSnapshot;
  /** The run's config for actors (JSON), put back after a Redis restart. */
  actorConfig: string;
  /** Publish weights every this many transitions consumed. Default 100. */
  publishEvery?: number;
  /** Log lines (lost actors, restarts). */
  log?: (line: string) => void;
  /** This learner's consumer name. Default `learner`. */
  consumer?: string;
}

/** Creates the consumer group (and the stream) if missing; reads from the stream's start, so entries added before it are not skipped. */
export async function ensureGroup(redis: Redis, keys: RunKeys): Promise<void> {
  try {
    await redis.xgroup('CREATE', keys.experience, GROUP, '0', 'MKSTREAM');
  } catch (e) {
    if (!String((e as Error).message).startsWith('BUSYGROUP')) throw e;
  }
}

/**
 * A learner's side of Redis, whatever the algorithm: the run's config and the consumer group put
 * (back) in place, weights published with a version, entries read (first those an earlier learner
 * read and did not acknowledge), acknowledged and deleted, and everything counted.
 */
class LearnerChannel {
  readonly stats: DistributedStats;
  private readFrom = '0';
  private staleSum = 0;
  private readonly lastSeq = new Map<number, number>();
  private readonly alive = new Set<number>();
  private lastLiveness = performance.now();

  private constructor(private readonly o: LearnerOptions<unknown, unknown>, version: number, private readonly position: () => number) {
    this.stats = {
      transitions: 0, batches: 0, bytes: 0, lostBatches: 0, lostTransitions: 0, reclaimed: 0, droppedAtEnd: 0, malformed: 0, staleRollouts: 0, staleTransitions: 0,
      redisRestarts: 0, actorsSeen: 0, actorsLost: 0, weightVersion: version, meanStaleness: 0,
    };
  }

  static async open(o: LearnerOptions<unknown, unknown>, position: () => number): Promise<LearnerChannel> {
    const c = new LearnerChannel(o, Number((await o.redis.hget(o.keys.weights, 'version')) ?? 0), position);
    await c.setUp();
    return c;
  }

  private log(line: string): void {
    this.o.log?.(line);
  }

  /** Publishes the agent's acting weights as the next version, with the step count (what actors schedule by steps follows the learner). */
  async publish(): Promise<void> {
    this.stats.weightVersion += 1;
    const weights = (this.o.agent.actingWeights as () => { shape: number[]; data: Float32Array }[]).call(this.o.agent);
    await this.o.redis.hset(this.o.keys.weights, 'data', encodeWeights(weights), 'version', String(this.stats.weightVersion), 'step', String(this.position()));
  }

  private async setUp(): Promise<void> {
    const { redis, keys } = this.o;
    await redis.set(keys.config, this.o.actorConfig);
    await redis.del(keys.status);
    await ensureGroup(redis, keys);
    await this.publish();
  }

  /** The next entries (waiting up to 200 ms); after a Redis restart, the run's keys are put back first. */
  async read(): Promise<[Buffer, Buffer[]][]> {
    const { redis, keys } = this.o;
    let entries: [Buffer, Buffer[]][];
    try {
      const res = (await redis.xreadgroupBuffer('GROUP', GROUP, this.o.consumer ?? 'learner', 'COUNT', 16, 'BLOCK', 200, 'STREAMS', keys.experience, this.readFrom)) as [Buffer, [Buffer, Buffer[]][]][] | null;
      entries = res?.[0]?.[1] ?? [];
    } catch (e) {
      if (!String((e as Error).message).startsWith('NOGROUP')) throw e;
      this.stats.redisRestarts += 1;
      this.log(`redis: the run's stream and consumer group are gone (Redis restarted without its data); putting back the config, the group and weights version ${this.stats.weightVersion + 1}`);
      await this.setUp();
      return [];
    }
    if (this.readFrom === '0') {
      if (entries.length === 0) this.readFrom = '>';
      else this.stats.reclaimed += entries.length;
    }
    for (const [, fields] of entries) this.stats.bytes += fields.reduce((n, f) => n + f.byteLength, 0);
    return entries;
  }

  /** Decodes an entry, counting (and logging) one that does not decode. */
  decode<T>(id: Buffer, fields: Buffer[], decoder: (f: Buffer[]) => T): T | null {
    try {
      return decoder(fields);
    } catch (err) {
      this.stats.malformed += 1;
      this.log(`learner: skipped experience entry ${id.toString()}: ${(err as Error).message}`);
      return null;
    }
  }

  async ack(ids: Buffer[]): Promise<void> {
    if (ids.length > 0) await this.o.redis.multi().xack(this.o.keys.experience, GROUP, ...ids).xdel(this.o.keys.experience, ...ids).exec();
  }

  /** Books an entry of `size` transitions from `actor`: new actors, gaps in its sequence (lost entries), how stale its weights were. */
  track(actor: number, seq: number, version: number, size: number): void {
    const seen = this.lastSeq.get(actor);
    if (seen === undefined) {
      this.stats.actorsSeen += 1;
      this.alive.add(actor);
    } else if (seq > seen + 1) {
      this.stats.lostBatches += seq - seen - 1;
      this.stats.lostTransitions += (seq - seen - 1) * size;
    }
    this.lastSeq.set(actor, seq); // a restarted actor starts again at 0: a new sequence
    this.staleSum += Math.max(0, this.stats.weightVersion - version);
    this.stats.batches += 1;
    this.stats.meanStaleness = this.staleSum / this.stats.batches;
  }

  /** Counts actors whose reports have expired (and those that came back), at most every 300 ms. */
  async checkLiveness(): Promise<void> {
    if (performance.now() - this.lastLiveness <= 300) return;
    this.lastLiveness = performance.now();
    const { redis, keys } = this.o;
    for (const a of [...this.alive]) {
      if ((await redis.exists(keys.actor(a))) === 0) {
        this.alive.delete(a);
        this.stats.actorsLost += 1;
        this.log(`learner: actor ${a} stopped reporting (its entries already in the stream are still used)`);
      }
    }
    for (const a of this.lastSeq.keys()) if (!this.alive.has(a) && (await redis.exists(keys.actor(a))) === 1) this.alive.add(a); // came back
  }
}

/** What both learners start with: the position (resumed or 0), the run's description, the channel, the loop's options. */
async function openLearner(options: LearnerOptions<unknown, unknown> | VectorLearnerOptions<unknown, unknown>) {
  const { agent, totalSteps, resume } = options;
  const pos = { step: resume?.step ?? 0, episode: resume?.episode ?? 0 };
  const run = describeRun(options, { kind: 'rl', task: 'remote', algorithm: agent.kind, total: totalSteps, start: pos.step });
  if (resume) await agent.load(resume.agent);
  const channel = await LearnerChannel.open(options as LearnerOptions<unknown, unknown>, () => pos.step);
  const snapshot = (): RunSnapshot => ({ step: pos.step, episode: pos.episode, midEpisode: false, envRng: null, agent: agent.save(), run });
  const loop = { ...(options.callbacks ? { callbacks: options.callbacks } : {}), ...(options.signal ? { signal: options.signal } : {}), snapshot, position: () => pos.step };
  return { pos, run, channel, stats: channel.stats, loop };
}

/** Off-policy agents (DQN, SAC, TD3, DDPG): every transition goes through `observe` and `update`, as in a single-process run. */
export async function trainRemoteAgent<Obs, Act>(options: LearnerOptions<Obs, Act>): Promise<TrainResult> {
  const { agent, totalSteps } = options;
  const publishEvery = options.publishEvery ?? 100;
  const { pos, run, channel, stats, loop } = await openLearner(options as LearnerOptions<unknown, unknown>);
  return runLoop(run, loop, async ({ ctx, wantsSteps, shouldStop, yieldNow, yieldDue }) => {
    let lastPublish = pos.step;
    let stopReason: string | null = null;
    const stopped = (): boolean => (stopReason ??= shouldStop()) !== null;
    const consume = async (b: TransitionBatch): Promise<void> => {
      channel.track(b.actor, b.seq, b.version, b.size);
      const d = b.observationSize;
      const k = b.actionSize;
      let e = 0;
      for (let i = 0; i < b.size; i++) {
        // The run ends at its budget, or right after the step a callback stopped it at (as in one process).
        if (pos.step >= totalSteps || stopped()) {
          stats.droppedAtEnd += b.size - i;
          return;
        }
        const action = (k === 1 && b.actions instanceof Int32Array ? b.actions[i] : b.actions.subarray(i * k, (i + 1) * k)) as Act;
        const flags = b.flags[i] as number;
        agent.observe({
          observation: b.observations.subarray(i * d, (i + 1) * d) as Obs, action, reward: b.rewards[i] as number,
          nextObservation: b.nextObservations.subarray(i * d, (i + 1) * d) as Obs, terminated: (flags & 1) !== 0, truncated: (flags & 2) !== 0,
        });
        pos.step += 1;
        stats.transitions += 1;
        const metrics = agent.update();
        if (metrics) await ctx.emit({ type: 'update', step: pos.step, metrics });
        if (wantsSteps) await ctx.emit({ type: 'step', step: pos.step, reward: b.rewards[i] as number });
        while (e < b.episodes.length && (b.episodes[e] as EpisodeStat).index === i) {
          const ep = b.episodes[e++] as EpisodeStat;
          pos.episode += 1;
          await ctx.emit({ type: 'episodeEnd', step: pos.step, episode: pos.episode, return: ep.return, rawReturn: ep.rawReturn, length: ep.length, metrics: { ...agent.status(), 'charts/actor': b.actor, 'charts/weight_staleness': stats.weightVersion - b.version } });
        }
        if (pos.step - lastPublish >= publishEvery) {
          lastPublish = pos.step;
          await channel.publish();
        }
        if (yieldDue()) await yieldNow();
      }
    };
    while (pos.step < totalSteps && !stopped()) {
      const entries = await channel.read();
      for (const [id, fields] of entries) {
        const batch = channel.decode(id, fields, decodeBatch);
        if (batch) await consume(batch);
      }
      await channel.ack(entries.map(([id]) => id));
      await channel.checkLiveness();
      await yieldNow();
    }
    return { step: pos.step, summary: { episodes: pos.episode, distributed: stats } };
  });
}

export interface VectorLearnerOptions<Obs, Act> extends Omit<LearnerOptions<Obs, Act>, 'agent' | 'publishEvery'> {
  agent: VectorAgent<Obs, Act>;
  /** Rollouts collected with weights more than this many versions old are dropped (and counted). Default 0. */
  maxPolicyLag?: number;
}

/**
 * On-policy agents (PPO, A2C): each entry is a whole rollout, collected by an actor with weights
 * of a known version. A rollout of the current weights is learned from (`putRollout`, `update`),
 * and new weights are published at once; an older one is dropped and counted: its log-probabilities
 * and values belong to a policy the learner has left.
 */
export async function trainRemoteVectorAgent<Obs, Act>(options: VectorLearnerOptions<Obs, Act>): Promise<TrainResult> {
  const { agent, totalSteps } = options;
  const maxLag = options.maxPolicyLag ?? 0;
  const { pos, run, channel, stats, loop } = await openLearner(options as unknown as VectorLearnerOptions<unknown, unknown>);
  return runLoop(run, loop, async ({ ctx, shouldStop, yieldNow }) => {
    let stopReason: string | null = null;
    const stopped = (): boolean => (stopReason ??= shouldStop()) !== null;
    while (pos.step < totalSteps && !stopped()) {
      const entries = await channel.read();
      for (const [id, fields] of entries) {
        const entry = channel.decode(id, fields, decodeRollout);
        if (!entry) continue;
        const rows = entry.rollout.numEnvs * entry.rollout.steps;
        channel.track(entry.actor, entry.seq, entry.version, rows);
        if (pos.step >= totalSteps || stopped()) {
          stats.droppedAtEnd += rows;
          continue;
        }
        if (stats.weightVersion - entry.version > maxLag) {
          stats.staleRollouts += 1;
          stats.staleTransitions += rows;
          continue;
        }
        (agent.putRollout as (r: Rollout) => void).call(agent, entry.rollout);
        pos.step += rows;
        stats.transitions += rows;
        for (const ep of entry.episodes) {
          pos.episode += 1;
          await ctx.emit({ type: 'episodeEnd', step: pos.step, episode: pos.episode, return: ep.return, rawReturn: ep.rawReturn, length: ep.length, metrics: { ...agent.status(), 'charts/actor': entry.actor } });
        }
        const metrics = agent.update();
        if (metrics) await ctx.emit({ type: 'update', step: pos.step, metrics });
        await channel.publish();
      }
      await channel.ack(entries.map(([id]) => id));
      await channel.checkLiveness();
      await yieldNow();
    }
    return { step: pos.step, summary: { episodes: pos.episode, distributed: stats } };
  });
}

/** Tells the actors the run is over and lets its keys expire after `seconds` (the stream is deleted at once). */
export async function finishRun(redis: Redis, keys: RunKeys, seconds = 3600): Promise<void> {
  await redis.set(keys.status, 'done', 'EX', seconds);
  await redis.del(keys.experience);
  for (const k of [keys.config, keys.weights, keys.nextActor]) await redis.expire(k, seconds);
}

/**
 * The learner of a distributed run (Ape-X's split): actors play and append transition batches to
 * a Redis stream; the learner reads them through a consumer group, feeds each transition to the
 * same `observe` / `update` an agent gets in a single-process run (so the replay ratio is the
 * same: `trainFrequency` counts transitions consumed), acknowledges and deletes what it consumed,
 * and publishes versioned acting weights. It runs in the one loop shell every trainer uses, so
 * the run's callbacks (evaluation, checkpoints, logs, TensorBoard, the viewer) work unchanged.
 *
 * What can go wrong is counted, never fatal: batches lost on the way (gaps in an actor's sequence
 * numbers: trimmed, or lost with a restarted Redis), actors that stop reporting, a Redis restart
 * (the consumer group, config and weights are put back), entries that do not decode, and what was
 * pending when an earlier learner died (re-read first: "reclaimed").
 */
import type { Redis } from 'ioredis';
import type { Agent } from '../../core/agent.js';
import type { RunSnapshot } from '../../trainers/callback.js';
import { describeRun, runLoop, type RunOptions, type TrainResult } from '../../trainers/loop.js';
import { decodeBatch, encodeWeights, type TransitionBatch } from './codec.js';
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
  /** Publish weights every this many transitions consumed. Default 250. */
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

export async function trainRemoteAgent<Obs, Act>(options: LearnerOptions<Obs, Act>): Promise<TrainResult> {
  const { redis, keys, agent, totalSteps } = options;
  const log = options.log ?? (() => undefined);
  const consumer = options.consumer ?? 'learner';
  const publishEvery = options.publishEvery ?? 250;
  const resume = options.resume;
  let step = resume?.step ?? 0;
  let episode = resume?.episode ?? 0;
  const run = describeRun(options, { kind: 'rl', task: 'remote', algorithm: agent.kind, total: totalSteps, start: step });
  if (resume) await agent.load(resume.agent);
  const stats: DistributedStats = {
    transitions: 0, batches: 0, bytes: 0, lostBatches: 0, lostTransitions: 0, reclaimed: 0, droppedAtEnd: 0, malformed: 0,
    redisRestarts: 0, actorsSeen: 0, actorsLost: 0, weightVersion: Number((await redis.hget(keys.weights, 'version')) ?? 0), meanStaleness: 0,
  };
  let staleSum = 0;
  const lastSeq = new Map<number, number>();
  const alive = new Set<number>();

  const publish = async (): Promise<void> => {
    stats.weightVersion += 1;
    const weights = (agent.actingWeights as () => { shape: number[]; data: Float32Array }[]).call(agent);
    // With the step count: what actors schedule by steps (epsilon, learning starts) follows the learner.
    await redis.hset(keys.weights, 'data', encodeWeights(weights), 'version', String(stats.weightVersion), 'step', String(step));
  };
  const setUp = async (): Promise<void> => {
    await redis.set(keys.config, options.actorConfig);
    await redis.del(keys.status);
    await ensureGroup(redis, keys);
    await publish();
  };
  await setUp();

  const snapshot = (): RunSnapshot => ({ step, episode, midEpisode: false, envRng: null, agent: agent.save(), run });
  return runLoop(run, { ...(options.callbacks ? { callbacks: options.callbacks } : {}), ...(options.signal ? { signal: options.signal } : {}), snapshot, position: () => step }, async ({ ctx, wantsSteps, shouldStop, yieldNow, yieldDue }) => {
    let readFrom = '0'; // first what an earlier learner read but did not acknowledge, then new entries
    let lastPublish = step;
    let lastLiveness = performance.now();

    const consume = async (b: TransitionBatch): Promise<void> => {
      const seen = lastSeq.get(b.actor);
      if (seen === undefined) {
        stats.actorsSeen += 1;
        alive.add(b.actor);
      } else if (b.seq > seen + 1) {
        stats.lostBatches += b.seq - seen - 1;
        stats.lostTransitions += (b.seq - seen - 1) * b.size;
      }
      lastSeq.set(b.actor, b.seq); // a restarted actor starts again at 0: a new sequence
      staleSum += Math.max(0, stats.weightVersion - b.version);
      stats.batches += 1;
      stats.meanStaleness = staleSum / stats.batches;
      const d = b.observationSize;
      const k = b.actionSize;
      let e = 0;
      for (let i = 0; i < b.size; i++) {
        if (step >= totalSteps) {
          stats.droppedAtEnd += b.size - i;
          return;
        }
        const action = (k === 1 && b.actions instanceof Int32Array ? b.actions[i] : b.actions.subarray(i * k, (i + 1) * k)) as Act;
        const flags = b.flags[i] as number;
        agent.observe({
          observation: b.observations.subarray(i * d, (i + 1) * d) as Obs, action, reward: b.rewards[i] as number,
          nextObservation: b.nextObservations.subarray(i * d, (i + 1) * d) as Obs, terminated: (flags & 1) !== 0, truncated: (flags & 2) !== 0,
        });
        step += 1;
        stats.transitions += 1;
        const metrics = agent.update();
        if (metrics) await ctx.emit({ type: 'update', step, metrics });
        if (wantsSteps) await ctx.emit({ type: 'step', step, reward: b.rewards[i] as number });
        while (e < b.episodes.length && (b.episodes[e] as { index: number }).index === i) {
          const ep = b.episodes[e++] as TransitionBatch['episodes'][number];
          episode += 1;
          await ctx.emit({ type: 'episodeEnd', step, episode, return: ep.return, rawReturn: ep.rawReturn, length: ep.length, metrics: { ...agent.status(), 'charts/actor': b.actor, 'charts/weight_staleness': stats.weightVersion - b.version } });
        }
        if (step - lastPublish >= publishEvery) {
          lastPublish = step;
          await publish();
        }
        if (yieldDue()) await yieldNow();
      }
    };

    while (step < totalSteps && shouldStop() === null) {
      let entries: [Buffer, Buffer[]][] = [];
      try {
        const res = (await redis.xreadgroupBuffer('GROUP', GROUP, consumer, 'COUNT', 16, 'BLOCK', 200, 'STREAMS', keys.experience, readFrom)) as [Buffer, [Buffer, Buffer[]][]][] | null;
        entries = res?.[0]?.[1] ?? [];
      } catch (e) {
        if (!String((e as Error).message).startsWith('NOGROUP')) throw e;
        stats.redisRestarts += 1;
        log(`redis: the run's stream and consumer group are gone (Redis restarted without its data); putting back the config, the group and weights version ${stats.weightVersion + 1}`);
        await setUp();
        continue;
      }
      if (readFrom === '0') {
        if (entries.length === 0) readFrom = '>';
        else stats.reclaimed += entries.length;
      }
      const ids: Buffer[] = [];
      for (const [id, fields] of entries) {
        ids.push(id);
        stats.bytes += fields.reduce((n, f) => n + f.byteLength, 0);
        let batch: TransitionBatch;
        try {
          batch = decodeBatch(fields);
        } catch (err) {
          stats.malformed += 1;
          log(`learner: skipped experience entry ${id.toString()}: ${(err as Error).message}`);
          continue;
        }
        await consume(batch);
      }
      if (ids.length > 0) await redis.multi().xack(keys.experience, GROUP, ...ids).xdel(keys.experience, ...ids).exec();
      if (performance.now() - lastLiveness > 300) {
        lastLiveness = performance.now();
        for (const a of [...alive]) {
          if ((await redis.exists(keys.actor(a))) === 0) {
            alive.delete(a);
            stats.actorsLost += 1;
            log(`learner: actor ${a} stopped reporting (its batches already in the stream are still used)`);
          }
        }
        for (const a of lastSeq.keys()) if (!alive.has(a) && (await redis.exists(keys.actor(a))) === 1) alive.add(a); // came back
      }
      await yieldNow();
    }
    return { step, summary: { episodes: episode, distributed: stats } };
  });
}

/** Tells the actors the run is over and lets its keys expire after `seconds` (the stream is deleted at once). */
export async function finishRun(redis: Redis, keys: RunKeys, seconds = 3600): Promise<void> {
  await redis.set(keys.status, 'done', 'EX', seconds);
  await redis.del(keys.experience);
  for (const k of [keys.config, keys.weights, keys.nextActor]) await redis.expire(k, seconds);
}

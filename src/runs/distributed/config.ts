/**
 * How a distributed run moves experience and weights: one typed object with defaults, stored in
 * Redis beside the run's TrainConfig for the actors to read.
 */
import * as z from 'zod';
import { mergeConfig, type ConfigSchema } from '../../core/config.js';
import { InvalidArgumentError } from '../../core/errors.js';

export interface DistributedConfig {
  /** Actors the run was started with (the N of the Ape-X epsilons). Default 2. */
  actors: number;
  /** Transitions per stream entry. Default 32. */
  batchSize: number;
  /** An actor checks for new weights every this many of its steps (the K). Default 100. */
  pullEvery: number;
  /** The learner publishes weights every this many transitions consumed. Default 100. */
  publishEvery: number;
  /**
   * Actors wait while more than this many entries are unread. Default 4: the learner is fed, and
   * what it learns from was acted by weights at most a few hundred transitions old (a deep queue
   * made DQN CartPole learn from a policy thousands of steps stale; bench:redis).
   */
  highWater: number;
  /** Hard bound of the stream (`XADD … MAXLEN ~`); entries trimmed unread are counted as lost. Default 1,000. */
  maxStreamEntries: number;
  /**
   * Actor exploration: `apex` gives actor i of N the fixed epsilon base^(1 + alpha * i / (N - 1))
   * (Horgan et al. 2018: base 0.4, alpha 7); `schedule` keeps the agent's own schedule.
   */
  exploration: 'apex' | 'schedule';
  /** On-policy runs: rollouts of weights more than this many versions old are dropped. Default 0 (on-policy strictly). */
  maxPolicyLag: number;
  /** An actor that has not reported for this long is counted as lost (it reports 3 times as often). Default 3,000 ms. */
  actorTimeoutMs: number;
  epsilonBase: number;
  epsilonAlpha: number;
}

const DEFAULTS: DistributedConfig = {
  actors: 2, batchSize: 32, pullEvery: 100, publishEvery: 100, highWater: 4, maxStreamEntries: 1000, exploration: 'apex', maxPolicyLag: 0, actorTimeoutMs: 3000, epsilonBase: 0.4, epsilonAlpha: 7,
};

const SCHEMA: ConfigSchema<DistributedConfig> = {
  actors: z.int().min(1).max(1024).describe('actors the run was started with'),
  batchSize: z.int().min(1).max(65_536).describe('transitions per stream entry'),
  pullEvery: z.int().min(1).describe('actor steps between checks for new weights'),
  publishEvery: z.int().min(1).describe('transitions consumed between weight publications'),
  highWater: z.int().min(1).describe('unread entries above which actors wait'),
  maxStreamEntries: z.int().min(2).describe('hard bound of the stream'),
  exploration: z.enum(['apex', 'schedule']).describe('actor exploration'),
  maxPolicyLag: z.int().min(0).describe('versions a rollout may lag behind the learner'),
  actorTimeoutMs: z.int().min(300).describe('milliseconds without a report after which an actor is lost'),
  epsilonBase: z.number().gt(0).lte(1).describe('Ape-X epsilon base'),
  epsilonAlpha: z.number().min(0).describe('Ape-X epsilon exponent range'),
};

export function distributedConfig(input: Partial<DistributedConfig> = {}): Readonly<DistributedConfig> {
  const c = mergeConfig('distributed', DEFAULTS, SCHEMA, input);
  if (c.highWater >= c.maxStreamEntries) throw new InvalidArgumentError(`distributed config highWater must be below maxStreamEntries (${c.maxStreamEntries}), got ${c.highWater}`);
  return c;
}

/** Actor `index`'s epsilon (Ape-X), or NaN when actors keep the agent's schedule. */
export function actorEpsilon(index: number, c: Readonly<DistributedConfig>): number {
  if (c.exploration === 'schedule') return Number.NaN;
  return c.actors <= 1 ? c.epsilonBase : c.epsilonBase ** (1 + (c.epsilonAlpha * index) / (c.actors - 1));
}

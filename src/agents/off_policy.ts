/**
 * The off-policy core that DQN, SAC, TD3 and DDPG share: a replay buffer (Discrete actions as one
 * float column, Box actions as `actionSize` float32 columns), n-step accumulation, the training
 * schedule (learning starts, train frequency, gradient steps per update), the env-step and
 * gradient-step counters, the exploration and replay random streams, and the checkpointing of all
 * of that. An algorithm supplies what is its own: acting, one gradient step on a batch
 * (`learn`), its metrics, and the networks and optimisers it saves beside the core's state.
 *
 * The schedule follows Stable-Baselines3's off-policy loop: after every env step, once
 * `learningStarts` steps are stored and every `trainFrequency` steps, take `gradientSteps`
 * gradient steps on fresh batches of `batchSize`.
 */
import * as z from 'zod';
import type { Agent, AgentSnapshot, Metrics, SavedArray, Transition } from '../core/agent.js';
import { checkValue, type ConfigSchema } from '../core/config.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import { NStepAccumulator } from '../memory/nstep.js';
import { ReplayBuffer, type ReplayBatch, type ReplayBufferState } from '../memory/replay_buffer.js';
import type { Sampler } from '../memory/samplers.js';

/** The hyperparameters of the shared schedule (each algorithm's config has them, with its defaults). */
export interface OffPolicySchedule {
  /** Transitions per gradient step. */
  batchSize: number;
  /** Replay capacity. */
  bufferSize: number;
  /** Env steps collected before learning starts. */
  learningStarts: number;
  /** Learn every this many env steps. */
  trainFrequency: number;
  /** Gradient steps each time it learns. */
  gradientSteps: number;
  /** Discount factor. */
  gamma: number;
  /** Steps in each return (n-step targets). */
  nStep: number;
}

/** The schema of the shared schedule's fields (spread into each algorithm's config schema). */
export const OFF_POLICY_SCHEDULE_SCHEMA: ConfigSchema<OffPolicySchedule> = {
  gamma: z.number().min(0).max(1),
  batchSize: z.int().min(1),
  bufferSize: z.int().min(1),
  learningStarts: z.int().min(0),
  trainFrequency: z.int().min(1),
  gradientSteps: z.int().min(1),
  nStep: z.int().min(1),
};

export interface OffPolicyCoreOptions {
  seed: number;
  schedule: Readonly<OffPolicySchedule>;
  observationSize: number;
  /** Numbers per stored action: 1 for Discrete, the Box's size for continuous actions. */
  actionSize: number;
  sampler?: Sampler;
}

/** Metrics of one gradient step; the update reports their mean over its gradient steps (NaN: not measured). */
export type StepMetrics = Record<string, number>;

/** The core's part of a checkpoint's meta (the replay's bounds depend on the buffer, added in `load`). */
const STATE = z.object({
  steps: z.int().min(0), updates: z.int().min(0),
  rng: z.object({ explore: z.record(z.string(), z.unknown()), replay: z.record(z.string(), z.unknown()) }),
});

export abstract class OffPolicyAgent<Act> implements Agent<ArrayLike<number>, Act> {
  abstract readonly kind: string;
  readonly buffer: ReplayBuffer;
  protected readonly schedule: Readonly<OffPolicySchedule>;
  protected readonly seed: number;
  /** Random stream of exploration (epsilon, action noise, policy samples while acting). */
  protected exploreRng: Rng;
  /** Random stream of replay sampling. */
  protected replayRng: Rng;
  private readonly nstep: NStepAccumulator;
  /** Env steps observed. */
  protected steps = 0;
  /** Gradient steps taken. */
  protected updates = 0;
  /**
   * Milliseconds spent per phase of learning (`sample`, and each algorithm's own phases), summed
   * while not null; for benchmarks (`npm run bench:sac`). The wasm and cpu backends run each op as
   * it is called, so a phase's time is its arithmetic, not just its scheduling.
   */
  profile: Record<string, number> | null = null;

  constructor(options: OffPolicyCoreOptions) {
    if (!(Number.isSafeInteger(options.seed) && options.seed >= 0)) throw new InvalidArgumentError(`${this.constructor.name} seed must be a non-negative integer, got ${describe(options.seed)}`);
    this.seed = options.seed;
    this.schedule = options.schedule;
    const root = new Rng(options.seed);
    this.exploreRng = root.child('explore');
    this.replayRng = root.child('replay');
    this.buffer = new ReplayBuffer({
      capacity: options.schedule.bufferSize, observationSize: options.observationSize, actionSize: options.actionSize,
      ...(options.sampler ? { sampler: options.sampler } : {}),
    });
    this.nstep = new NStepAccumulator(options.schedule.nStep, options.schedule.gamma);
  }

  /** Env steps observed so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Gradient steps taken so far. */
  get updateCount(): number {
    return this.updates;
  }

  abstract act(observation: ArrayLike<number>, options?: { explore?: boolean }): Act;

  /**
   * A remote actor's agent never observes: it takes the learner's env-step count instead, so that
   * what acting schedules by steps (epsilon, random actions before learning starts, gSDE draws)
   * follows the run.
   */
  setActorProgress(step: number): void {
    this.steps = step;
  }

  /** The action as the replay buffer stores it. */
  protected abstract storedAction(action: Act): number | ArrayLike<number>;

  /** One gradient step on `batch` (the counters are the core's business); its metrics. */
  protected abstract learn(batch: ReplayBatch): StepMetrics;

  /** Metrics added to each update's (exploration rate, learning rate, ...). */
  protected abstract updateMetrics(): Metrics;

  abstract status(): Metrics;

  /** Called after every observed env step (e.g. to reset action noise at an episode's end). */
  protected onStep(_transition: Transition<ArrayLike<number>, Act>): void {}

  /** Called at the start of every `update` call, due or not (e.g. target copies on env-step intervals). */
  protected beforeUpdate(): void {}

  /** Called once before the gradient steps of an update (e.g. to set the learning rate). */
  protected beforeLearning(): void {}

  /** Called once after the gradient steps of an update (e.g. to refresh the acting weights). */
  protected afterLearning(): void {}

  observe(t: Transition<ArrayLike<number>, Act>): void {
    this.steps += 1;
    const action = this.storedAction(t.action);
    for (const stored of this.nstep.push({ ...t, action })) this.buffer.add(stored);
    this.onStep(t);
  }

  /** True when the schedule says to learn after the current env step. */
  protected dueToLearn(): boolean {
    const s = this.schedule;
    return this.steps >= s.learningStarts && this.steps % s.trainFrequency === 0 && this.buffer.size > 0;
  }

  update(): Metrics | null {
    this.beforeUpdate();
    if (!this.dueToLearn()) return null;
    this.beforeLearning();
    const sums: Record<string, { total: number; count: number }> = {};
    for (let g = 0; g < this.schedule.gradientSteps; g++) {
      const batch = this.timed('sample', () => this.buffer.sample(this.schedule.batchSize, this.replayRng));
      const metrics = this.learn(batch);
      this.updates += 1;
      for (const [k, v] of Object.entries(metrics)) {
        const s = (sums[k] ??= { total: 0, count: 0 });
        if (!Number.isNaN(v)) {
          s.total += v;
          s.count += 1;
        }
      }
    }
    this.afterLearning();
    const out: Metrics = {};
    for (const [k, s] of Object.entries(sums)) if (s.count > 0) out[k] = s.total / s.count;
    return { ...out, ...this.updateMetrics() };
  }

  /** Runs `fn`, adding its time to `profile[phase]` when profiling. */
  protected timed<T>(phase: string, fn: () => T): T {
    if (!this.profile) return fn();
    const start = performance.now();
    const out = fn();
    this.profile[phase] = (this.profile[phase] ?? 0) + performance.now() - start;
    return out;
  }

  /** The algorithm's own state for a checkpoint: JSON-able meta and named arrays. */
  protected abstract saveOwn(): { meta: Record<string, unknown>; arrays: Record<string, SavedArray> };

  /** Restores what {@link saveOwn} saved (the core's state is already restored). */
  protected abstract loadOwn(meta: Record<string, unknown>, arrays: Record<string, SavedArray>): Promise<void>;

  save(): AgentSnapshot {
    const own = this.saveOwn();
    const arrays: Record<string, SavedArray> = { ...own.arrays };
    const replay = this.buffer.state();
    for (const [k, v] of Object.entries(replay.columns)) {
      arrays[`replay/${k}`] = { shape: [v.byteLength / (v as Float32Array).BYTES_PER_ELEMENT], data: v as SavedArray['data'] };
    }
    return {
      kind: this.kind,
      meta: {
        ...own.meta,
        seed: this.seed,
        steps: this.steps,
        updates: this.updates,
        rng: { explore: this.exploreRng.state(), replay: this.replayRng.state() },
        replay: { size: replay.size, position: replay.position, sampler: replay.sampler },
        nstepPending: this.nstep.pending,
      },
      arrays,
    };
  }

  async load(snapshot: AgentSnapshot): Promise<void> {
    if (snapshot.kind !== this.kind) throw new InvalidArgumentError(`checkpoint holds a ${describe(snapshot.kind)} agent, not ${this.kind}`);
    const cap = this.buffer.capacity;
    const meta = checkValue(`checkpoint ${this.kind}`, STATE.extend({
      replay: z.object({ size: z.int().min(0).max(cap), position: z.int().min(0).max(cap - 1), sampler: z.unknown() }),
    }), snapshot.meta) as unknown as {
      steps: number; updates: number; rng: { explore: RngState; replay: RngState }; replay: { size: number; position: number; sampler: unknown };
    };
    await this.loadOwn(snapshot.meta, snapshot.arrays);
    const col = (k: string): ReplayBufferState['columns'][keyof ReplayBufferState['columns']] => {
      const a = snapshot.arrays[`replay/${k}`];
      if (!a) throw new InvalidArgumentError(`checkpoint lacks replay column ${k}`);
      return a.data;
    };
    this.buffer.load({
      capacity: cap, observationSize: this.buffer.observationSize, actionSize: this.buffer.actionSize,
      size: meta.replay.size, position: meta.replay.position, sampler: meta.replay.sampler,
      columns: {
        observations: col('observations'), actions: col('actions'), rewards: col('rewards'), nextObservations: col('nextObservations'),
        discounts: col('discounts'), terminated: col('terminated'), truncated: col('truncated'),
      },
    });
    this.exploreRng = Rng.fromState(meta.rng.explore);
    this.replayRng = Rng.fromState(meta.rng.replay);
    this.steps = meta.steps;
    this.updates = meta.updates;
    this.nstep.clear();
    this.afterLoad();
  }

  /** Called at the end of `load` (e.g. to hand the restored exploration stream to a policy). */
  protected afterLoad(): void {}

  abstract dispose(): void;
}

/** The arrays `prefix/0..count-1` of a checkpoint (an error naming the first missing one). */
export function takeArrays(arrays: Record<string, SavedArray>, prefix: string, count: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => {
    const a = arrays[`${prefix}/${i}`];
    if (!a) throw new InvalidArgumentError(`checkpoint lacks array ${prefix}/${i}`);
    return a.data as Float32Array;
  });
}

/** Every array of `weights` under `prefix/i`, with the shapes of `shapes`. */
export function putArrays(out: Record<string, SavedArray>, prefix: string, weights: readonly Float32Array[], shapes: readonly number[][]): void {
  weights.forEach((w, i) => (out[`${prefix}/${i}`] = { shape: shapes[i] as number[], data: w }));
}

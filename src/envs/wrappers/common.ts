/**
 * The wrappers `make` adds (TimeLimit, OrderEnforcing, PassiveEnvChecker) and the episode
 * bookkeeping ones (Autoreset, RecordEpisodeStatistics), as in Gymnasium 1.x.
 */
import type { Env, ResetArgs, ResetResult, StepResult } from '../../core/env.js';
import { InvalidArgumentError, ResetNeededError, describe } from '../../core/errors.js';
import { warn } from '../../core/logger.js';
import { Wrapper } from '../wrapper.js';

/** Truncates episodes after `maxEpisodeSteps` steps (sets `truncated`, never `terminated`). */
export class TimeLimit<Obs, Act> extends Wrapper<Obs, Act> {
  readonly maxEpisodeSteps: number;
  private elapsedSteps = 0;

  constructor(env: Env<Obs, Act>, maxEpisodeSteps: number) {
    super(env);
    if (!(Number.isSafeInteger(maxEpisodeSteps) && maxEpisodeSteps > 0)) {
      throw new InvalidArgumentError(`TimeLimit maxEpisodeSteps must be a positive integer, got ${describe(maxEpisodeSteps)}`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** Steps taken since the last reset. */
  get elapsed(): number {
    return this.elapsedSteps;
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    this.elapsedSteps = 0;
    return this.env.reset(args);
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.elapsedSteps += 1;
    if (this.elapsedSteps >= this.maxEpisodeSteps) r.truncated = true;
    return r;
  }
}

/** Throws {@link ResetNeededError} when `step` is called before the first `reset`. */
export class OrderEnforcing<Obs, Act> extends Wrapper<Obs, Act> {
  private hasReset = false;

  override reset(args?: ResetArgs): ResetResult<Obs> {
    this.hasReset = true;
    return this.env.reset(args);
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.hasReset) {
      throw new ResetNeededError(`${envName(this)} cannot call step() before reset(); call reset() first`);
    }
    return this.env.step(action);
  }

  /** Whether `reset` has been called at least once. */
  get hasResetOnce(): boolean {
    return this.hasReset;
  }
}

/**
 * Gymnasium's passive env checker: checks the first `reset` and the first `step` against the
 * contract and warns (never throws) about what is off, then costs nothing.
 */
export class PassiveEnvChecker<Obs, Act> extends Wrapper<Obs, Act> {
  private checkedReset = false;
  private checkedStep = false;

  override reset(args?: ResetArgs): ResetResult<Obs> {
    const r = this.env.reset(args);
    if (!this.checkedReset) {
      this.checkedReset = true;
      if (!this.observationSpace.contains(r.observation)) {
        warn(`${envName(this)} reset() observation is not within the observation space ${String(this.observationSpace)}: ${describe(r.observation)}`);
      }
      if (typeof r.info !== 'object' || r.info === null) warn(`${envName(this)} reset() info must be an object, got ${describe(r.info)}`);
    }
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.checkedStep && !this.actionSpace.contains(action)) {
      warn(`${envName(this)} step() action is not within the action space ${String(this.actionSpace)}: ${describe(action)}`);
    }
    const r = this.env.step(action);
    if (!this.checkedStep) {
      this.checkedStep = true;
      const name = envName(this);
      if (!this.observationSpace.contains(r.observation)) {
        warn(`${name} step() observation is not within the observation space ${String(this.observationSpace)}: ${describe(r.observation)}`);
      }
      if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) warn(`${name} step() reward must be a finite number, got ${describe(r.reward)}`);
      if (typeof r.terminated !== 'boolean') warn(`${name} step() terminated must be a boolean, got ${describe(r.terminated)}`);
      if (typeof r.truncated !== 'boolean') warn(`${name} step() truncated must be a boolean, got ${describe(r.truncated)}`);
    }
    return r;
  }
}

/**
 * Resets the env on the step after an episode ends ("next-step" autoreset, Gymnasium 1.x): that
 * step returns the reset observation with reward 0 and both flags false, and ignores its action.
 */
export class Autoreset<Obs, Act> extends Wrapper<Obs, Act> {
  private needsReset = false;

  override reset(args?: ResetArgs): ResetResult<Obs> {
    this.needsReset = false;
    return this.env.reset(args);
  }

  override step(action: Act): StepResult<Obs> {
    let r: StepResult<Obs>;
    if (this.needsReset) {
      const { observation, info } = this.env.reset();
      r = { observation, reward: 0, terminated: false, truncated: false, info };
    } else {
      r = this.env.step(action);
    }
    this.needsReset = r.terminated || r.truncated;
    return r;
  }
}

/** What {@link RecordEpisodeStatistics} puts in `info.episode` on the last step of an episode. */
export interface EpisodeStatistics {
  /** Episode return (sum of rewards as seen by this wrapper). */
  r: number;
  /** Episode length in steps. */
  l: number;
  /** Wall-clock seconds the episode took. */
  t: number;
  /** Sum of `info.rawReward` over the episode, when a reward-shaping wrapper below reports it. */
  rawR?: number;
}

export interface RecordEpisodeStatisticsOptions {
  /** How many recent episodes `returnQueue` and `lengthQueue` keep. Default 100. */
  bufferLength?: number;
}

/** Records each episode's return, length and duration in `info.episode` and in rolling queues. */
export class RecordEpisodeStatistics<Obs, Act> extends Wrapper<Obs, Act> {
  readonly returnQueue: number[] = [];
  readonly lengthQueue: number[] = [];
  readonly timeQueue: number[] = [];
  episodeCount = 0;
  private readonly bufferLength: number;
  private episodeReturn = 0;
  private episodeRawReturn = 0;
  private hasRaw = false;
  private episodeLength = 0;
  private startTime = 0;

  constructor(env: Env<Obs, Act>, options: RecordEpisodeStatisticsOptions = {}) {
    super(env);
    const n = options.bufferLength ?? 100;
    if (!(Number.isSafeInteger(n) && n > 0)) {
      throw new InvalidArgumentError(`RecordEpisodeStatistics bufferLength must be a positive integer, got ${describe(n)}`);
    }
    this.bufferLength = n;
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    const r = this.env.reset(args);
    this.episodeReturn = 0;
    this.episodeRawReturn = 0;
    this.hasRaw = false;
    this.episodeLength = 0;
    this.startTime = performance.now();
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.episodeReturn += r.reward;
    this.episodeLength += 1;
    const raw = r.info.rawReward;
    if (typeof raw === 'number') {
      this.episodeRawReturn += raw;
      this.hasRaw = true;
    }
    if (r.terminated || r.truncated) {
      const t = (performance.now() - this.startTime) / 1000;
      const episode: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength, t };
      if (this.hasRaw) episode.rawR = this.episodeRawReturn;
      r.info = { ...r.info, episode };
      this.push(this.returnQueue, this.episodeReturn);
      this.push(this.lengthQueue, this.episodeLength);
      this.push(this.timeQueue, t);
      this.episodeCount += 1;
    }
    return r;
  }

  private push(queue: number[], v: number): void {
    queue.push(v);
    if (queue.length > this.bufferLength) queue.shift();
  }
}

function envName(env: Env<unknown, unknown>): string {
  return env.spec?.id ?? env.unwrapped.constructor.name;
}

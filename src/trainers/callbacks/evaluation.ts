/**
 * Periodic greedy evaluation on a separate env (built without reward shaping) with its own seeds:
 * evaluation k runs `episodes` episodes seeded `seed + k * episodes + i`, so evaluations never
 * touch the training env's or the agent's random streams. Reports an `eval` event.
 */
import type { AgentBase, AgentSnapshot } from '../../core/agent.js';
import type { Env } from '../../core/env.js';
import type { EventOf } from '../../core/events.js';
import type { Callback, RunContext } from '../callback.js';
import { meanStd } from '../../core/stats.js';

export interface EvaluationOptions<Obs, Act> {
  env: Env<Obs, Act>;
  agent: AgentBase<Obs, Act>;
  /** Env steps between evaluations; 0 evaluates only at the end. Default 10,000. */
  every?: number;
  /** Episodes per evaluation. Default 10. */
  episodes?: number;
  /** Base seed of the evaluation episodes. Default 1,000,000. */
  seed?: number;
  /** Also evaluate when the run ends. Default true. */
  atEnd?: boolean;
  /**
   * Keep a snapshot of the agent at its best evaluation (`best`), as Stable-Baselines3's
   * EvalCallback keeps a best model: DQN's greedy return oscillates, and model selection on
   * these evaluations is how a deployed policy is usually chosen. Default false.
   */
  keepBest?: boolean;
  /**
   * The score a new best must beat (a best model kept by an earlier part of the same run, e.g.
   * before a resume). Default: none.
   */
  bestToBeat?: number;
  /** Called whenever a new best is kept (with `keepBest`), e.g. to write it at once. */
  onBest?: (best: { step: number; meanReturn: number; snapshot: AgentSnapshot }) => void | Promise<void>;
}

/** One greedy episode (the agent's `explore: false` action) seeded `seed`: its (unshaped) return and length. */
export function greedyEpisode<Obs, Act>(env: Env<Obs, Act>, agent: AgentBase<Obs, Act>, seed: number): { return: number; length: number } {
  let { observation } = env.reset({ seed });
  let total = 0;
  let length = 0;
  for (;;) {
    const r = env.step(agent.act(observation, { explore: false }));
    total += typeof r.info.rawReward === 'number' ? r.info.rawReward : r.reward;
    length += 1;
    observation = r.observation;
    if (r.terminated || r.truncated) return { return: total, length };
  }
}

/** Runs `episodes` greedy episodes seeded `seed`, `seed + 1`, …; returns their (unshaped) returns. */
export function evaluate<Obs, Act>(env: Env<Obs, Act>, agent: AgentBase<Obs, Act>, episodes: number, seed: number): number[] {
  return Array.from({ length: episodes }, (_, i) => greedyEpisode(env, agent, seed + i).return);
}

export { meanStd };

export class EvaluationCallback<Obs, Act> implements Callback {
  private next = 0;
  private count = 0;
  private readonly every: number;
  private readonly episodes: number;
  private readonly seed: number;
  /** The most recent evaluation. */
  last: EventOf<'eval'> | null = null;
  /** Every evaluation so far (a learning curve). */
  readonly history: EventOf<'eval'>[] = [];
  /** Wall-clock seconds spent evaluating (to report training speed without it). */
  seconds = 0;
  /** The agent at its best evaluation so far (with `keepBest`). */
  best: { step: number; meanReturn: number; snapshot: AgentSnapshot } | null = null;

  constructor(private readonly options: EvaluationOptions<Obs, Act>) {
    this.every = options.every ?? 10_000;
    this.episodes = options.episodes ?? 10;
    this.seed = options.seed ?? 1_000_000;
  }

  onRunStart(e: EventOf<'runStart'>): void {
    this.next = this.every > 0 ? e.run.start + this.every : Infinity;
    this.count = Math.floor(e.run.start / Math.max(this.every, 1));
  }

  async onEpisodeEnd(e: EventOf<'episodeEnd'>, ctx: RunContext): Promise<void> {
    if (e.step < this.next) return;
    this.next = e.step + this.every;
    await this.run(e.step, ctx);
  }

  async onRunEnd(e: EventOf<'runEnd'>, ctx: RunContext): Promise<void> {
    if ((this.options.atEnd ?? true) && e.reason !== 'error' && this.last?.step !== e.step) await this.run(e.step, ctx);
  }

  private async run(step: number, ctx: RunContext): Promise<void> {
    const started = performance.now();
    const returns = evaluate(this.options.env, this.options.agent, this.episodes, this.seed + this.count * this.episodes);
    this.seconds += (performance.now() - started) / 1000;
    this.count += 1;
    const { mean, std } = meanStd(returns);
    this.last = { type: 'eval', step, episodes: this.episodes, meanReturn: mean, stdReturn: std, returns };
    this.history.push(this.last);
    const toBeat = this.best?.meanReturn ?? this.options.bestToBeat ?? -Infinity;
    // A tie goes to the later model: it has trained longer (and, with a decaying learning rate,
    // settled more), and a lucky early score is more often a fluke.
    if (this.options.keepBest && mean >= toBeat) {
      this.best = { step, meanReturn: mean, snapshot: this.options.agent.save() };
      await this.options.onBest?.(this.best);
    }
    await ctx.emit(this.last);
  }
}

/** Stops the run once an evaluation's mean return reaches `threshold` (the env's reward threshold). */
export class StopOnRewardThreshold implements Callback {
  constructor(readonly threshold: number) {}

  onEval(e: EventOf<'eval'>, ctx: RunContext): void {
    if (e.meanReturn >= this.threshold) ctx.stop(`evaluation return ${e.meanReturn.toFixed(1)} reached the threshold ${this.threshold}`);
  }
}

/**
 * Tabular Q-learning (Watkins, 1989), the tutorial's first agent:
 *
 *   Q(s, a) <- Q(s, a) + alpha [r + gamma (1 - terminated) max_a' Q(s', a') - Q(s, a)]
 *
 * for Discrete observation and action spaces, epsilon-greedy with a schedule. The table is plain
 * numbers: inspect it with `table`, print it with `format()`.
 */
import * as z from 'zod';
import type { Agent, AgentOptions, AgentSnapshot, Metrics, Transition } from '../core/agent.js';
import { mergeConfig, type ConfigSchema } from '../core/config.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import { Discrete } from '../core/spaces/discrete.js';
import { EpsilonGreedyPolicy, argmax } from '../policies/exploration.js';
import { PROBABILITY_SCHEDULE, makeSchedule, type ScheduleSpec } from '../core/schedules.js';

export interface QTableConfig {
  /** Learning rate alpha. Default 0.1. */
  alpha: number;
  /** Discount factor gamma. Default 0.95. */
  gamma: number;
  /** Exploration rate over env steps. Default linear from 1 to 0.05 over 5,000 steps. */
  exploration: ScheduleSpec;
  /** Initial value of every Q(s, a). Default 0. */
  initialValue: number;
}

export const QTABLE_DEFAULTS: Readonly<QTableConfig> = Object.freeze<QTableConfig>({
  alpha: 0.1,
  gamma: 0.95,
  exploration: { kind: 'linear', start: 1, end: 0.05, steps: 5_000 },
  initialValue: 0,
});

export const QTABLE_SCHEMA: ConfigSchema<QTableConfig> = {
  alpha: z.number().gt(0).max(1),
  gamma: z.number().min(0).max(1),
  exploration: PROBABILITY_SCHEDULE,
  initialValue: z.number(),
};

export function qtableConfig(input: Partial<QTableConfig> = {}): Readonly<QTableConfig> {
  return mergeConfig('qtable', QTABLE_DEFAULTS, QTABLE_SCHEMA, input);
}

export type QTableOptions = AgentOptions<QTableConfig>;

export class QTableAgent implements Agent<number, number> {
  readonly kind = 'qtable';
  readonly config: Readonly<QTableConfig>;
  readonly numStates: number;
  readonly numActions: number;
  /** Q-values, row-major: `table[s * numActions + a]` (states and actions counted from 0). */
  readonly table: Float64Array;
  private readonly obsStart: number;
  private readonly actStart: number;
  private readonly epsilon: (step: number) => number;
  private rng: Rng;
  private policy: EpsilonGreedyPolicy;
  private steps = 0;
  private pending: Transition<number, number> | null = null;

  constructor(options: QTableOptions) {
    const { observationSpace: obs, actionSpace: act } = options;
    if (!(obs instanceof Discrete)) throw new InvalidArgumentError(`Q-table needs a Discrete observation space, got ${String(obs)}`);
    if (!(act instanceof Discrete)) throw new InvalidArgumentError(`Q-table needs a Discrete action space, got ${String(act)}`);
    this.config = qtableConfig(options.config);
    this.numStates = obs.n;
    this.numActions = act.n;
    this.obsStart = obs.start;
    this.actStart = act.start;
    this.table = new Float64Array(obs.n * act.n).fill(this.config.initialValue);
    this.epsilon = makeSchedule(this.config.exploration);
    this.rng = new Rng(options.seed).child('explore');
    this.policy = new EpsilonGreedyPolicy(this.epsilon, act.n, this.rng);
  }

  /** Q(s, .) as a copy. */
  values(state: number): Float64Array {
    const s = state - this.obsStart;
    return this.table.slice(s * this.numActions, (s + 1) * this.numActions);
  }

  /** The greedy action of every state. */
  greedyPolicy(): number[] {
    return Array.from({ length: this.numStates }, (_, s) => this.actStart + argmax(this.values(s + this.obsStart)));
  }

  act(observation: number, options: { explore?: boolean } = {}): number {
    if (options.explore === false) return this.actStart + argmax(this.values(observation));
    return this.actStart + this.policy.select(() => this.values(observation), this.steps);
  }

  observe(t: Transition<number, number>): void {
    this.steps += 1;
    this.pending = t;
  }

  update(): Metrics | null {
    const t = this.pending;
    if (!t) return null;
    this.pending = null;
    const { alpha, gamma } = this.config;
    const i = (t.observation - this.obsStart) * this.numActions + (t.action - this.actStart);
    const next = t.terminated ? 0 : Math.max(...this.values(t.nextObservation));
    const tdError = t.reward + gamma * next - (this.table[i] as number);
    this.table[i] = (this.table[i] as number) + alpha * tdError;
    return { 'losses/td_error': Math.abs(tdError), 'charts/epsilon': this.epsilon(this.steps) };
  }

  status(): Metrics {
    return { 'charts/epsilon': this.epsilon(this.steps) };
  }

  /** What a run prints after training: the table with its greedy actions. */
  report(): string {
    return `Q-table (* marks the greedy action):\n${this.format()}`;
  }

  /** The table as text: one row per state, one column per action, the greedy action marked. */
  format(digits = 2): string {
    const header = ['state', ...Array.from({ length: this.numActions }, (_, a) => `a=${a + this.actStart}`)];
    const rows = Array.from({ length: this.numStates }, (_, s) => {
      const q = this.values(s + this.obsStart);
      const best = argmax(q);
      return [String(s + this.obsStart), ...Array.from(q, (v, a) => `${v.toFixed(digits)}${a === best ? '*' : ''}`)];
    });
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
    return [header, ...rows].map((r) => r.map((v, c) => v.padStart(widths[c] as number)).join('  ')).join('\n');
  }

  save(): AgentSnapshot {
    return {
      kind: this.kind,
      meta: { config: this.config, numStates: this.numStates, numActions: this.numActions, steps: this.steps, rng: this.rng.state() },
      arrays: { table: { shape: [this.numStates, this.numActions], data: this.table.slice() } },
    };
  }

  async load(snapshot: AgentSnapshot): Promise<void> {
    if (snapshot.kind !== this.kind) throw new InvalidArgumentError(`checkpoint holds a ${describe(snapshot.kind)} agent, not ${this.kind}`);
    const meta = snapshot.meta as { numStates: number; numActions: number; steps: number; rng: RngState };
    if (meta.numStates !== this.numStates || meta.numActions !== this.numActions) {
      throw new InvalidArgumentError(`checkpoint table is ${meta.numStates}x${meta.numActions}, this agent's is ${this.numStates}x${this.numActions}`);
    }
    const table = snapshot.arrays.table?.data;
    if (!table || table.length !== this.table.length) throw new InvalidArgumentError(`checkpoint table must have ${this.table.length} values`);
    this.table.set(table);
    this.steps = meta.steps;
    this.rng = Rng.fromState(meta.rng);
    this.policy = new EpsilonGreedyPolicy(this.epsilon, this.numActions, this.rng);
  }

  dispose(): void {}
}

import * as z from 'zod';
import {
  Box, Discrete, InvalidArgumentError, Rng, defineAgent, describe, mergeConfig, registerAgent,
  type Agent, type AgentOptions, type AgentSnapshot, type ConfigSchema, type Metrics, type RngState, type Transition,
} from 'tfgym';

/** The cross-entropy method's settings, each with its default. */
export interface CemConfig {
  /** Candidate policies tried per generation. Default 16. */
  populationSize: number;
  /** Fraction of the best candidates the next generation is fitted to. Default 0.25. */
  eliteFraction: number;
  /** Standard deviation of the first generation's weights. Default 1. */
  initialStd: number;
  /** Added to the fitted standard deviation, so the search never collapses. Default 0.05. */
  extraStd: number;
  /** Discount factor (only used by reward shaping and scaling; CEM scores raw returns). Default 0.99. */
  gamma: number;
}

const DEFAULTS: Readonly<CemConfig> = Object.freeze({ populationSize: 16, eliteFraction: 0.25, initialStd: 1, extraStd: 0.05, gamma: 0.99 });
const SCHEMA: ConfigSchema<CemConfig> = {
  populationSize: z.int().min(2),
  eliteFraction: z.number().gt(0).max(1),
  initialStd: z.number().gt(0),
  extraStd: z.number().min(0),
  gamma: z.number().min(0).max(1),
};
export const cemConfig = (input: Partial<CemConfig> = {}): Readonly<CemConfig> => mergeConfig('cem', DEFAULTS, SCHEMA, input);

/**
 * The cross-entropy method over linear policies (action = argmax of W obs + b): each episode tries
 * one candidate drawn from N(mean, std^2); after a generation, mean and std are refitted to the
 * elite candidates. No tensors: a reminder that an agent is a contract, not a network.
 */
export class CemAgent implements Agent<ArrayLike<number>, number> {
  readonly kind = 'cem';
  readonly config: Readonly<CemConfig>;
  private readonly inputs: number;
  private readonly actions: number;
  private mean: Float64Array;
  private std: Float64Array;
  private candidates: Float64Array[] = [];
  private scores: number[] = [];
  private episodeReturn = 0;
  private generationDone = false;
  private rng: Rng;

  constructor(options: AgentOptions<CemConfig>) {
    const { observationSpace: obs, actionSpace: act } = options;
    if (!(obs instanceof Box) || !(act instanceof Discrete)) throw new InvalidArgumentError(`CEM needs a Box observation space and a Discrete action space, got ${describe(obs)} and ${describe(act)}`);
    this.config = cemConfig(options.config);
    this.inputs = obs.size + 1; // the weights of each action's row, then its bias
    this.actions = act.n;
    this.mean = new Float64Array(this.inputs * this.actions);
    this.std = new Float64Array(this.mean.length).fill(this.config.initialStd);
    this.rng = new Rng(options.seed).child('cem');
    this.nextCandidate();
  }

  act(observation: ArrayLike<number>, options: { explore?: boolean } = {}): number {
    const w = options.explore === false ? this.mean : (this.candidates.at(-1) as Float64Array);
    let best = 0;
    let bestValue = -Infinity;
    for (let a = 0; a < this.actions; a++) {
      let v = w[a * this.inputs + this.inputs - 1] as number;
      for (let i = 0; i < this.inputs - 1; i++) v += (w[a * this.inputs + i] as number) * (observation[i] as number);
      if (v > bestValue) [best, bestValue] = [a, v];
    }
    return best;
  }

  observe(t: Transition<ArrayLike<number>, number>): void {
    this.episodeReturn += t.reward;
    if (!t.terminated && !t.truncated) return;
    this.scores.push(this.episodeReturn);
    this.episodeReturn = 0;
    if (this.scores.length === this.config.populationSize) this.generationDone = true;
    else this.nextCandidate();
  }

  update(): Metrics | null {
    if (!this.generationDone) return null;
    const order = this.scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
    const elite = order.slice(0, Math.max(1, Math.round(this.config.eliteFraction * order.length))).map(([, i]) => this.candidates[i] as Float64Array);
    for (let k = 0; k < this.mean.length; k++) {
      const m = elite.reduce((s, c) => s + (c[k] as number), 0) / elite.length;
      const v = elite.reduce((s, c) => s + ((c[k] as number) - m) ** 2, 0) / elite.length;
      this.mean[k] = m;
      this.std[k] = Math.sqrt(v) + this.config.extraStd;
    }
    const metrics = { 'charts/elite_return': order[0]?.[0] ?? 0, 'charts/generation_mean_return': this.scores.reduce((a, b) => a + b, 0) / this.scores.length };
    this.candidates = [];
    this.scores = [];
    this.generationDone = false;
    this.nextCandidate();
    return metrics;
  }

  status(): Metrics {
    return { 'charts/search_std': this.std.reduce((a, b) => a + b, 0) / this.std.length };
  }

  save(): AgentSnapshot {
    return { kind: this.kind, meta: { config: this.config, rng: this.rng.state() }, arrays: { mean: { shape: [this.mean.length], data: this.mean.slice() }, std: { shape: [this.std.length], data: this.std.slice() } } };
  }

  async load(snapshot: AgentSnapshot): Promise<void> {
    const { mean, std } = snapshot.arrays;
    if (snapshot.kind !== this.kind || mean?.data.length !== this.mean.length || std?.data.length !== this.std.length) {
      throw new InvalidArgumentError(`checkpoint holds a ${describe(snapshot.kind)} agent with ${describe(mean?.data.length)} weights; this cem agent has ${this.mean.length}`);
    }
    this.mean = Float64Array.from(mean.data);
    this.std = Float64Array.from(std.data);
    this.rng = Rng.fromState(snapshot.meta.rng as RngState);
    this.candidates = [];
    this.scores = [];
    this.generationDone = false;
    this.nextCandidate();
  }

  dispose(): void {}

  private nextCandidate(): void {
    this.candidates.push(this.mean.map((m, k) => m + (this.std[k] as number) * this.rng.normal()));
  }
}

// Typed configs: `{ agent: 'cem', agentConfig: { populationSize: 32 } }` type-checks as a TrainConfig.
declare module 'tfgym' {
  interface AgentConfigs {
    cem: CemConfig;
  }
}

// One registry entry: the CLI (`tfgym train --import examples/custom_agent.ts --agent cem`), the
// runs library and the benchmarks find it by name from here on.
registerAgent(defineAgent<CemConfig, CemAgent>({
  kind: 'cem',
  description: 'cross-entropy method over linear policies (an example of a user agent)',
  loop: 'single',
  spaces: { observation: ['Box'], action: ['Discrete'] },
  config: cemConfig,
  gamma: (c) => c.gamma,
  build: (o) => new CemAgent(o),
}));

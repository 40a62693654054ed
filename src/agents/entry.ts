/**
 * What the agents registry knows of one agent kind: its config (defaults merged and checked), the
 * spaces it can act in, how to build it, which loop trains it, and what it adds to a run's output.
 * Adding an agent is one {@link AgentEntry}: the runs library, the CLI, the benchmarks and the
 * playground find it through the registry and never name the class. What an agent adds to a run's
 * output (weight histograms, a printed report) are optional methods of the agent itself.
 */
import type { Agent, AgentBase, AgentOptions, VectorAgent } from '../core/agent.js';
import type { SpaceKind } from '../core/spaces/space.js';

/** What `build` gets: the spaces, the full checked config, the seed, and the run's shape. */
export interface AgentBuildOptions<C> extends AgentOptions<C> {
  /** The agent's full config, already merged over its defaults and checked by the entry's `config`. */
  config: Readonly<C>;
  /** Env steps the run will take (for whatever is scheduled over a run). */
  totalSteps: number;
  /** Env copies the vector loop steps at once (vector agents; 1 for single-env agents). */
  numEnvs: number;
}

interface EntryBase<C extends object, A extends AgentBase<unknown, unknown>> {
  /** The name configs and the CLI use: `agent: 'dqn'`, `--agent dqn`. */
  readonly kind: string;
  /** One line for listings and help. */
  readonly description: string;
  /** Which spaces it can act in (checked before `build`, with a message naming both). */
  readonly spaces: { readonly observation: readonly SpaceKind[]; readonly action: readonly SpaceKind[] };
  /** The full config: `input` over the defaults, every field checked (throws InvalidArgumentError). */
  config(input: Partial<C> | undefined): Readonly<C>;
  /** The config's JSON Schema with its defaults, for forms and docs (`configJsonSchema`); optional. */
  jsonSchema?(): Record<string, unknown>;
  /** The discount factor of a config (potential-based shaping and reward scaling use it). */
  gamma(config: Readonly<C>): number;
  /** A new agent (what it adds to a run's output is the agent's own: `histograms()`, `report()`). */
  build(options: AgentBuildOptions<C>): A;
}

/** An agent trained one transition at a time on one env (`trainAgent`). */
export interface SingleEnvAgentEntry<C extends object = object, A extends Agent<unknown, unknown> = Agent<unknown, unknown>> extends EntryBase<C, A> {
  readonly loop: 'single';
}

/** An agent trained on batches of a vector env (`trainVectorAgent`). */
export interface VectorAgentEntry<C extends object = object, A extends VectorAgent<unknown, unknown> = VectorAgent<unknown, unknown>> extends EntryBase<C, A> {
  readonly loop: 'vector';
}

/** One registered agent kind; `loop` says which training loop (and so which agent contract) it has. */
export type AgentEntry = SingleEnvAgentEntry | VectorAgentEntry;


/**
 * Types an entry by its config and agent classes and returns it for the registry, which needs
 * only the erased form (it calls `config` and `build`, and hands `gamma` what `config` made).
 */
export function defineAgent<C extends object, A extends Agent<unknown, unknown>>(entry: SingleEnvAgentEntry<C, A>): AgentEntry;
export function defineAgent<C extends object, A extends VectorAgent<unknown, unknown>>(entry: VectorAgentEntry<C, A>): AgentEntry;
export function defineAgent(entry: object): AgentEntry {
  return entry as AgentEntry;
}

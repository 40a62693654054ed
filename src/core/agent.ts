/**
 * The agent contracts. What every agent does, whichever loop trains it ({@link AgentBase}): `act`
 * picks an action, `update` learns when it is time (the agent decides, from its own counters) and
 * reports metrics, and `save`/`load` move its whole state (weights, optimizer, counters, random
 * streams, memory) in and out of checkpoints. How it receives experience is the loop's business:
 * a single-env {@link Agent} `observe`s one transition at a time (DQN, REINFORCE, tabular Q); a
 * {@link VectorAgent} acts and learns on whole batches of a vector env (A2C, PPO). Neither
 * pretends to the other's methods.
 */
import type { Info } from './env.js';
import type { Space } from './spaces/space.js';

export interface Transition<Obs, Act> {
  observation: Obs;
  action: Act;
  reward: number;
  nextObservation: Obs;
  terminated: boolean;
  truncated: boolean;
  info?: Info;
}

/** Metric values by namespaced name, e.g. `losses/td_loss`, `charts/epsilon`. */
export type Metrics = Record<string, number>;

/** A tensor's values, saved outside JSON. */
export interface SavedArray {
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
}

/**
 * Everything an agent needs to continue exactly: JSON-able `meta` (config, counters, random
 * states, network shapes) and named numeric `arrays` (weights, optimizer moments, replay columns).
 */
export interface AgentSnapshot {
  kind: string;
  meta: Record<string, unknown>;
  arrays: Record<string, SavedArray>;
}

/** What every agent does: act (also greedily, for evaluation), learn when due, report, save and load. */
export interface AgentBase<Obs, Act> {
  /** Short algorithm name, e.g. `dqn`. */
  readonly kind: string;
  /** Picks an action; `explore: false` asks for the greedy (evaluation) action. */
  act(observation: Obs, options?: { explore?: boolean }): Act;
  /** Learns if its schedule says so; returns the update's metrics, or null when it did not learn. */
  update(): Metrics | null;
  /** Metrics describing the agent now (e.g. `charts/epsilon`), logged with episode ends. */
  status(): Metrics;
  save(): AgentSnapshot;
  /** Restores a snapshot taken from an agent of the same kind and shapes; rejects otherwise. */
  load(snapshot: AgentSnapshot): Promise<void>;
  /** Frees tensors. */
  dispose(): void;
  /** Weight histograms for TensorBoard, by tag (e.g. `weights/layer0_kernel`). */
  histograms?(): Record<string, ArrayLike<number>>;
  /** Text a run prints after training (e.g. a learned Q-table). */
  report?(): string;
  /**
   * Distributed runs (a learner publishing to actors): the weights that acting reads, in a fixed
   * order. Agents without it cannot have remote actors.
   */
  actingWeights?(): SavedArray[];
  /** Puts weights from {@link actingWeights} (of an agent of the same shapes) into this one's acting. */
  loadActingWeights?(weights: readonly SavedArray[]): void;
  /** Fixes an actor's exploration (Ape-X: its own epsilon) in place of the agent's schedule. */
  setActorExploration?(epsilon: number): void;
  /** A remote actor's agent: the learner's env-step count, for what acting schedules by steps. */
  setActorProgress?(step: number): void;
}

/** An agent trained on one env, one transition at a time (`trainAgent`). */
export interface Agent<Obs, Act> extends AgentBase<Obs, Act> {
  /** Receives the transition that followed the last `act` during training. */
  observe(transition: Transition<Obs, Act>): void;
}

/** One step of every sub-env of a vector env, as columns (row i belongs to sub-env i). */
export interface VectorTransitionBatch {
  numEnvs: number;
  observations: Float32Array;
  /** `actionSize` numbers per sub-env (an Int32Array of indices for Discrete action spaces). */
  actions: Int32Array | Float32Array;
  rewards: Float64Array;
  /** The true next observations: where an episode ended, its final observation (not the reset one). */
  nextObservations: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
}

/**
 * A whole rollout an on-policy agent collected (`steps` x `numEnvs` rows, step-major), with what
 * its update reads: the stored actions, rewards (truncations already bootstrapped), done flags,
 * the values and log-probabilities at acting time, and the copies' last next observations.
 */
export interface Rollout {
  numEnvs: number;
  steps: number;
  observations: Float32Array;
  actions: Float32Array;
  rewards: Float64Array;
  dones: Uint8Array;
  values: Float64Array;
  logps: Float64Array;
  lastNext: Float32Array;
}

/** An agent that acts and learns on whole batches from a vector env (`trainVectorAgent`; on-policy agents). */
export interface VectorAgent<Obs, Act> extends AgentBase<Obs, Act> {
  /** One action per row of `observations` (`numEnvs` rows), as the vector env's `step` takes them. */
  actBatch(observations: Float32Array, numEnvs: number): Int32Array | Float32Array;
  observeBatch(batch: VectorTransitionBatch): void;
  /** Remote actors: the rollout collected so far once it is complete (and forgets it), else null. */
  takeRollout?(): Rollout | null;
  /** The learner: a complete rollout collected elsewhere with this agent's weights; `update` learns from it. */
  putRollout?(rollout: Rollout): void;
}

/** What every agent is built from: the spaces it acts in, overrides of its config, and a seed. */
export interface AgentOptions<C> {
  observationSpace: Space<unknown>;
  actionSpace: Space<unknown>;
  config?: Partial<C>;
  /** Seed of the agent's random streams (weights, exploration, sampling). */
  seed: number;
  /**
   * Env steps the run will take, for what is scheduled over a whole run (PER's beta, decays to
   * the end of training). Agents that need it say what they assume without it.
   */
  totalSteps?: number;
}

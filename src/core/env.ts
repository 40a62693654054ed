/**
 * The environment contract, with Gymnasium 1.x semantics.
 *
 * `reset({ seed, options })` starts an episode and returns `{ observation, info }`;
 * `step(action)` returns `{ observation, reward, terminated, truncated, info }`. `terminated`
 * means the MDP reached a terminal state (do not bootstrap); `truncated` means the episode was cut
 * from outside, e.g. by a time limit (bootstrap from the next observation).
 */
import { InvalidArgumentError, describe } from './errors.js';
import { type RenderFrame, type RenderMode, renderFrame, renderState } from './render.js';
import { Rng, entropySeed } from './rng.js';
import type { Space } from './spaces/space.js';

/** Free-form per-step information, as Gymnasium's `info` dict. */
export type Info = Record<string, unknown>;

export interface ResetArgs {
  /** Re-seeds the env's own generator; later resets without a seed continue its stream. */
  seed?: number;
  /** Env-specific options, e.g. `{ low, high }` bounds or an exact `{ state }` to start from. */
  options?: Record<string, unknown>;
}

export interface ResetResult<Obs> {
  observation: Obs;
  info: Info;
}

export interface StepResult<Obs> {
  observation: Obs;
  reward: number;
  /** The episode reached a terminal state of the MDP. */
  terminated: boolean;
  /** The episode was cut short (time limit, outside interruption); the state is not terminal. */
  truncated: boolean;
  info: Info;
}

export interface EnvMetadata {
  /** Render modes the env supports (`'rgb_array'`, `'human'`); its picture is its scene's. */
  readonly renderModes: readonly string[];
  /** Frames per second at which a viewer should play the env (and videos are written). */
  readonly renderFps?: number;
  /** The scene that draws the env (`registerScene`); default: its registered id. */
  readonly scene?: string;
}

/** How an env was made by the registry; `null` for envs constructed directly. */
export interface EnvSpec {
  readonly id: string;
  /** Builds the unwrapped env from the merged kwargs. */
  readonly entryPoint: EnvFactory;
  /**
   * A module that registers this id when imported (a URL or package specifier). Async vector
   * envs import it in each worker thread; `null` for tfgym's built-in envs.
   */
  readonly module: string | null;
  readonly maxEpisodeSteps: number | null;
  readonly rewardThreshold: number | null;
  readonly nondeterministic: boolean;
  readonly orderEnforce: boolean;
  readonly disableEnvChecker: boolean;
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/** Builds an env from keyword arguments. */
export type EnvFactory = (kwargs: Record<string, unknown>) => Env<unknown, unknown>;

/** What `register` takes (the registry's input; {@link EnvSpec} is what it keeps). */
export interface RegisterOptions {
  /** `[namespace/]Name[-vN]`, e.g. `CartPole-v1` or `tutorial/DelayedReward-v0`. */
  id: string;
  /** Builds the unwrapped env from the merged kwargs. */
  entryPoint: EnvFactory;
  /** Default time limit applied by `make`; omit or null for none. */
  maxEpisodeSteps?: number | null;
  /** The mean return at which the task counts as solved. */
  rewardThreshold?: number | null;
  /** Whether the env is nondeterministic even under a seed. Default false. */
  nondeterministic?: boolean;
  /** Whether `make` adds OrderEnforcing. Default true. */
  orderEnforce?: boolean;
  /** Whether `make` leaves out the PassiveEnvChecker. Default false. */
  disableEnvChecker?: boolean;
  /** Default constructor options. */
  kwargs?: Record<string, unknown>;
  /** A module that registers this id when imported; needed to use the id in async vector envs. */
  module?: string | null;
}

export interface Env<Obs = unknown, Act = unknown> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly metadata: EnvMetadata;
  spec: EnvSpec | null;
  /** The innermost env, below every wrapper. */
  readonly unwrapped: Env<unknown, unknown>;
  reset(args?: ResetArgs): ResetResult<Obs>;
  step(action: Act): StepResult<Obs>;
  /** Releases resources; calling it twice is fine. */
  close(): void;
  /** The render mode the env was made with (`make(id, { renderMode })`), or null. */
  renderMode?: RenderMode | null;
  /** The current picture in `rgb_array` mode; null in `human` mode (frames go to the viewer). */
  render(): RenderFrame | null;
}

/**
 * A convenient base for concrete envs: it owns the env's generator (`this.rng`) and the
 * seeding rule of Gymnasium's `Env.reset` (call `this.seedRng(args.seed)` first in `reset`).
 */
export abstract class BaseEnv<Obs, Act> implements Env<Obs, Act> {
  abstract readonly observationSpace: Space<Obs>;
  abstract readonly actionSpace: Space<Act>;
  readonly metadata: EnvMetadata = { renderModes: [] };
  spec: EnvSpec | null = null;
  renderMode: RenderMode | null = null;
  private rngInstance: Rng | null = null;

  get unwrapped(): Env<unknown, unknown> {
    return this as Env<unknown, unknown>;
  }

  /** The env's generator; seeded from the platform's entropy if the env was never seeded. */
  get rng(): Rng {
    if (this.rngInstance === null) this.rngInstance = new Rng(entropySeed());
    return this.rngInstance;
  }

  set rng(rng: Rng) {
    this.rngInstance = rng;
  }

  /** The name used in error messages: the registered id, else the class name. */
  get name(): string {
    return this.spec?.id ?? this.constructor.name;
  }

  /** Re-seeds `this.rng` when `seed` is given, as Gymnasium's `super().reset(seed=seed)`. */
  protected seedRng(seed: number | undefined): void {
    if (seed === undefined) return;
    if (!(Number.isSafeInteger(seed) && seed >= 0)) {
      throw new InvalidArgumentError(`${this.name} reset seed must be a non-negative safe integer, got ${describe(seed)}`);
    }
    this.rngInstance = new Rng(seed);
  }

  abstract reset(args?: ResetArgs): ResetResult<Obs>;
  abstract step(action: Act): StepResult<Obs>;

  close(): void {}

  /**
   * The current picture: in `rgb_array` mode the env's scene drawn at the current state, as
   * Gymnasium's `render()`; null in `human` mode. An error without a render mode or before reset.
   */
  render(): RenderFrame | null {
    if (this.renderMode === null || this.renderMode === undefined) {
      const modes = this.metadata.renderModes.length > 0 ? `it has ${this.metadata.renderModes.map((m) => `'${m}'`).join(', ')}` : 'it declares no render modes';
      throw new InvalidArgumentError(`${this.name}.render() needs a render mode: make('${this.name}', { renderMode: 'rgb_array' }); ${modes}`);
    }
    if (this.renderMode === 'human') return null;
    return renderFrame(this.renderInput());
  }

  /** What the scene draws: the env's `state` property and {@link renderAction}. */
  renderInput(): { envId: string; state: number[]; action: number | readonly number[] | null } {
    const envId = this.metadata.scene ?? this.name;
    return { envId, state: renderState(this.name, (this as { state?: ArrayLike<number> | null }).state), action: this.renderAction() };
  }

  /** The action the scene shows (Pendulum's torque arrow); null by default. */
  protected renderAction(): number | readonly number[] | null {
    return null;
  }

  toString(): string {
    return `${this.constructor.name}<${this.spec?.id ?? 'unregistered'}>`;
  }
}

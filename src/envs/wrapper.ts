/**
 * `Wrapper`: the one base for wrappers. It forwards everything it does not change, and offers
 * three hooks that the default `reset`/`step` call, so a wrapper overrides only what it changes:
 * `observation` (inner observation -> outer), `reward`, and `action` (outer action -> inner).
 * Step results are updated in place: every result is a fresh object from the inner env.
 */
import type { Env, EnvMetadata, EnvSpec, ResetArgs, ResetResult, StepResult } from '../core/env.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { RenderFrame, RenderMode } from '../core/render.js';
import type { Space } from '../core/spaces/space.js';

export class Wrapper<Obs = unknown, Act = unknown, InnerObs = Obs, InnerAct = Act> implements Env<Obs, Act> {
  readonly env: Env<InnerObs, InnerAct>;
  /** Set by wrappers that change the observation space. */
  protected observationSpaceOverride: Space<Obs> | null = null;
  /** Set by wrappers that change the action space. */
  protected actionSpaceOverride: Space<Act> | null = null;

  constructor(env: Env<InnerObs, InnerAct>) {
    this.env = env;
  }

  get observationSpace(): Space<Obs> {
    return this.observationSpaceOverride ?? (this.env.observationSpace as unknown as Space<Obs>);
  }

  get actionSpace(): Space<Act> {
    return this.actionSpaceOverride ?? (this.env.actionSpace as unknown as Space<Act>);
  }

  get metadata(): EnvMetadata {
    return this.env.metadata;
  }

  get spec(): EnvSpec | null {
    return this.env.spec;
  }

  set spec(spec: EnvSpec | null) {
    this.env.spec = spec;
  }

  get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped;
  }

  get renderMode(): RenderMode | null {
    return this.env.renderMode ?? null;
  }

  set renderMode(mode: RenderMode | null) {
    this.env.renderMode = mode;
  }

  /** The inner env's picture (wrappers that draw, such as RecordVideo, read it). */
  render(): RenderFrame | null {
    if (typeof this.env.render !== 'function') throw new InvalidArgumentError(`${String(this.env)} has no render(); its class must implement it (BaseEnv does)`);
    return this.env.render();
  }

  reset(args?: ResetArgs): ResetResult<Obs> {
    const r = this.env.reset(args) as unknown as ResetResult<Obs>;
    r.observation = this.observation(r.observation as unknown as InnerObs);
    return r;
  }

  step(action: Act): StepResult<Obs> {
    const r = this.env.step(this.action(action)) as unknown as StepResult<Obs>;
    r.observation = this.observation(r.observation as unknown as InnerObs);
    r.reward = this.reward(r.reward);
    return r;
  }

  close(): void {
    this.env.close();
  }

  /** Maps an inner observation to this wrapper's observation. Identity by default. */
  protected observation(observation: InnerObs): Obs {
    return observation as unknown as Obs;
  }

  /** Maps an inner reward. Identity by default. */
  protected reward(reward: number): number {
    return reward;
  }

  /** Maps this wrapper's action to the inner env's action. Identity by default. */
  protected action(action: Act): InnerAct {
    return action as unknown as InnerAct;
  }

  toString(): string {
    return `${this.constructor.name}<${String(this.env)}>`;
  }
}

/**
 * `SyncVectorEnv`: sub-envs stepped one after another in this thread (Gymnasium's
 * `SyncVectorEnv`). The fastest choice for cheap envs such as classic control.
 */
import type { Env, Info } from '../../core/env.js';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import type { Space } from '../../core/spaces/space.js';
import { allocate, batchLayout, output, checkActionBatch, checkAutoresetMode, maskFor, readAction, seedsFor, stepOutput, writeObservation, type StepBuffers } from './batch.js';
import { SubEnv } from './sub_env.js';
import type { AutoresetMode, BatchArray, VectorEnv, VectorEnvOptions, VectorResetArgs, VectorResetResult, VectorStepResult } from './types.js';

export class SyncVectorEnv<O extends BatchArray = Float32Array> implements VectorEnv<O> {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly observationSize: number;
  readonly actionSize: number;
  /** The sub-envs, for inspection (e.g. `envs[0].unwrapped.state`). */
  readonly envs: readonly Env<unknown, unknown>[];
  private readonly subs: SubEnv[];
  private readonly copy: boolean;
  /** The batch buffers every step writes into. */
  private readonly buf: StepBuffers<O>;
  private closed = false;

  constructor(envFns: readonly (() => Env<unknown, unknown>)[], options: VectorEnvOptions = {}) {
    if (!Array.isArray(envFns) || envFns.length === 0 || !envFns.every((f) => typeof f === 'function')) {
      throw new InvalidArgumentError(`SyncVectorEnv needs a non-empty array of env factories, got ${describe(envFns)}`);
    }
    this.autoresetMode = checkAutoresetMode(options.autoresetMode ?? 'next-step');
    this.copy = options.copy ?? true;
    this.envs = envFns.map((f) => f());
    const first = this.envs[0] as Env<unknown, unknown>;
    this.envs.forEach((env, i) => {
      if (!env.observationSpace.equals(first.observationSpace) || !env.actionSpace.equals(first.actionSpace)) {
        throw new InvalidArgumentError(
          `SyncVectorEnv sub-envs must share their spaces; env ${i} has ${String(env.observationSpace)} / ${String(env.actionSpace)}, env 0 has ${String(first.observationSpace)} / ${String(first.actionSpace)}`,
        );
      }
    });
    this.subs = this.envs.map((env) => new SubEnv(env, this.autoresetMode));
    this.numEnvs = this.envs.length;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    const obsLayout = batchLayout(first.observationSpace, 'observation');
    this.observationSize = obsLayout.size;
    this.actionSize = batchLayout(first.actionSpace, 'action').size;
    this.buf = {
      observations: allocate(obsLayout, this.numEnvs, false) as O,
      rewards: new Float64Array(this.numEnvs),
      terminations: new Uint8Array(this.numEnvs),
      truncations: new Uint8Array(this.numEnvs),
    };
  }

  reset(args: VectorResetArgs = {}): VectorResetResult<O> {
    const seeds = seedsFor(args.seed, this.numEnvs);
    const mask = maskFor(args.mask, this.numEnvs);
    const infos: Info[] = new Array<Info>(this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) {
      infos[i] = {};
      if (!mask[i]) continue;
      const seed = seeds[i];
      const r = (this.subs[i] as SubEnv).reset({
        ...(seed === undefined ? {} : { seed }),
        ...(args.options === undefined ? {} : { options: args.options }),
      });
      writeObservation(this.buf.observations, i, this.observationSize, r.observation);
      infos[i] = r.info;
    }
    return { observations: output(this.copy, this.buf.observations), infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult<O> {
    checkActionBatch(actions, this.numEnvs, this.actionSize);
    const infos: Info[] = new Array<Info>(this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) {
      const r = (this.subs[i] as SubEnv).step(readAction(this.singleActionSpace, actions, i, this.actionSize));
      writeObservation(this.buf.observations, i, this.observationSize, r.observation);
      this.buf.rewards[i] = r.reward;
      this.buf.terminations[i] = r.terminated ? 1 : 0;
      this.buf.truncations[i] = r.truncated ? 1 : 0;
      infos[i] = r.info;
    }
    return stepOutput(this.copy, this.buf, infos);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.subs) s.close();
  }

  toString(): string {
    return `SyncVectorEnv(${this.envs[0]?.spec?.id ?? 'custom'}, numEnvs=${this.numEnvs})`;
  }
}

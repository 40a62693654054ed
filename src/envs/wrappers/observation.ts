/**
 * Observation wrappers: TransformObservation, FlattenObservation, NormalizeObservation and
 * FrameStackObservation, as in Gymnasium 1.x. Vector observations come out as `Float32Array`s.
 */
import type { Env, ResetArgs, ResetResult, StepResult } from '../../core/env.js';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { Box } from '../../core/spaces/box.js';
import { flatDim, flatten, flattenSpace } from '../../core/spaces/flatten.js';
import type { Dtype, Space } from '../../core/spaces/space.js';
import { Wrapper } from '../wrapper.js';
import { RunningMeanStd } from './running_mean_std.js';

/** Applies `fn` to every observation; `observationSpace` is the space of the results. */
export class TransformObservation<Obs, Act, InnerObs> extends Wrapper<Obs, Act, InnerObs, Act> {
  constructor(env: Env<InnerObs, Act>, private readonly fn: (obs: InnerObs) => Obs, observationSpace: Space<Obs>) {
    super(env);
    this.observationSpaceOverride = observationSpace;
  }

  protected override observation(observation: InnerObs): Obs {
    return this.fn(observation);
  }
}

/** Flattens observations of any space to a `Float32Array` of `flatDim(space)` numbers. */
export class FlattenObservation<Act> extends Wrapper<Float32Array, Act, unknown, Act> {
  constructor(env: Env<unknown, Act>) {
    super(env);
    this.observationSpaceOverride = flattenSpace(env.observationSpace);
  }

  protected override observation(observation: unknown): Float32Array {
    return flatten(this.env.observationSpace, observation);
  }
}

export interface NormalizeObservationOptions {
  /** Added to the variance before the square root. Default 1e-8. */
  epsilon?: number;
}

/** Centres and scales each observation component by running statistics (Gymnasium 1.x). */
export class NormalizeObservation<Act> extends Wrapper<Float32Array, Act, ArrayLike<number>, Act> {
  readonly obsRms: RunningMeanStd;
  /** Whether the running statistics are updated (turn off for evaluation). */
  updateRunningMean = true;
  private readonly epsilon: number;

  constructor(env: Env<ArrayLike<number>, Act>, options: NormalizeObservationOptions = {}) {
    super(env);
    const space = env.observationSpace;
    if (!(space instanceof Box)) {
      throw new InvalidArgumentError(`NormalizeObservation requires a Box observation space, got ${String(space)}`);
    }
    this.obsRms = new RunningMeanStd(space.size);
    this.epsilon = options.epsilon ?? 1e-8;
    this.observationSpaceOverride = new Box(-Infinity, Infinity, { shape: space.shape });
  }

  protected override observation(observation: ArrayLike<number>): Float32Array {
    if (this.updateRunningMean) this.obsRms.update(observation);
    const out = new Float32Array(observation.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = ((observation[i] as number) - (this.obsRms.mean[i] as number)) / Math.sqrt((this.obsRms.var[i] as number) + this.epsilon);
    }
    return out;
  }
}

export interface FrameStackOptions {
  /** `reset` (default) pads a new episode with copies of the first observation; `zero` with zeros. */
  paddingType?: 'reset' | 'zero';
}

/**
 * Stacks the last `stackSize` observations (oldest first) into one `Float32Array` of shape
 * `[stackSize, ...shape]`.
 */
export class FrameStackObservation<Act> extends Wrapper<Float32Array, Act, ArrayLike<number>, Act> {
  readonly stackSize: number;
  private readonly paddingType: 'reset' | 'zero';
  private readonly frameSize: number;
  private readonly frames: Float32Array;

  constructor(env: Env<ArrayLike<number>, Act>, stackSize: number, options: FrameStackOptions = {}) {
    super(env);
    const space = env.observationSpace;
    if (!(space instanceof Box)) {
      throw new InvalidArgumentError(`FrameStackObservation requires a Box observation space, got ${String(space)}`);
    }
    if (!(Number.isSafeInteger(stackSize) && stackSize > 0)) {
      throw new InvalidArgumentError(`FrameStackObservation stackSize must be a positive integer, got ${describe(stackSize)}`);
    }
    const paddingType = options.paddingType ?? 'reset';
    if (paddingType !== 'reset' && paddingType !== 'zero') {
      throw new InvalidArgumentError(`FrameStackObservation paddingType must be "reset" or "zero", got ${describe(paddingType)}`);
    }
    this.stackSize = stackSize;
    this.paddingType = paddingType;
    this.frameSize = flatDim(space);
    this.frames = new Float32Array(stackSize * this.frameSize);
    const box: Box<Dtype> = space;
    const tile = (a: Float64Array): Float64Array => {
      const out = new Float64Array(stackSize * box.size);
      for (let k = 0; k < stackSize; k++) out.set(a, k * box.size);
      return out;
    };
    this.observationSpaceOverride = new Box(tile(box.low), tile(box.high), { shape: [stackSize, ...box.shape] });
  }

  override reset(args?: ResetArgs): ResetResult<Float32Array> {
    const r = this.env.reset(args);
    for (let k = 0; k < this.stackSize - 1; k++) {
      if (this.paddingType === 'reset') this.frames.set(r.observation, k * this.frameSize);
      else this.frames.fill(0, k * this.frameSize, (k + 1) * this.frameSize);
    }
    this.frames.set(r.observation, (this.stackSize - 1) * this.frameSize);
    return { observation: this.frames.slice(), info: r.info };
  }

  override step(action: Act): StepResult<Float32Array> {
    const r = this.env.step(action);
    this.frames.copyWithin(0, this.frameSize);
    this.frames.set(r.observation, (this.stackSize - 1) * this.frameSize);
    return { ...r, observation: this.frames.slice() };
  }
}

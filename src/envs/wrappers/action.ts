/**
 * Action wrappers for `Box` action spaces: ClipAction and RescaleAction, as in Gymnasium 1.x.
 */
import type { Env } from '../../core/env.js';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { Box } from '../../core/spaces/box.js';
import type { Dtype, Space } from '../../core/spaces/space.js';
import { Wrapper } from '../wrapper.js';

function requireBox(wrapper: string, space: Space<unknown>): Box<Dtype> {
  if (!(space instanceof Box)) {
    throw new InvalidArgumentError(`${wrapper} requires a Box action space, got ${String(space)}`);
  }
  return space;
}

function broadcast(name: string, v: number | ArrayLike<number>, size: number): Float64Array {
  if (typeof v === 'number') return new Float64Array(size).fill(v);
  if (v.length !== size) throw new InvalidArgumentError(`${name} must have ${size} elements, got ${describe(v)}`);
  return Float64Array.from(v);
}

/** Clips actions to the inner env's bounds; the outer action space is unbounded. */
export class ClipAction<Obs> extends Wrapper<Obs, ArrayLike<number>> {
  private readonly box: Box<Dtype>;

  constructor(env: Env<Obs, ArrayLike<number>>) {
    super(env);
    this.box = requireBox('ClipAction', env.actionSpace);
    this.actionSpaceOverride = new Box(-Infinity, Infinity, { shape: this.box.shape, dtype: this.box.dtype });
  }

  protected override action(action: ArrayLike<number>): ArrayLike<number> {
    const out = new Float32Array(action.length);
    for (let i = 0; i < action.length; i++) {
      out[i] = Math.min(Math.max(action[i] as number, this.box.low[i] as number), this.box.high[i] as number);
    }
    return out;
  }
}

/** Affinely maps actions from `[minAction, maxAction]` to the inner env's bounds (then clips). */
export class RescaleAction<Obs> extends Wrapper<Obs, ArrayLike<number>> {
  private readonly box: Box<Dtype>;
  private readonly gradient: Float64Array;
  private readonly intercept: Float64Array;

  constructor(env: Env<Obs, ArrayLike<number>>, minAction: number | ArrayLike<number>, maxAction: number | ArrayLike<number>) {
    super(env);
    this.box = requireBox('RescaleAction', env.actionSpace);
    if (!this.box.isBounded('both')) {
      throw new InvalidArgumentError(`RescaleAction requires a bounded Box action space, got ${String(this.box)}`);
    }
    const min = broadcast('RescaleAction minAction', minAction, this.box.size);
    const max = broadcast('RescaleAction maxAction', maxAction, this.box.size);
    this.gradient = new Float64Array(this.box.size);
    this.intercept = new Float64Array(this.box.size);
    for (let i = 0; i < this.box.size; i++) {
      const lo = min[i] as number;
      const hi = max[i] as number;
      if (!(lo < hi)) {
        throw new InvalidArgumentError(
          `RescaleAction minAction must be strictly smaller than maxAction in every dimension, got minAction[${i}]=${lo}, maxAction[${i}]=${hi}`,
        );
      }
      const g = ((this.box.high[i] as number) - (this.box.low[i] as number)) / (hi - lo);
      this.gradient[i] = g;
      this.intercept[i] = (this.box.low[i] as number) - g * lo;
    }
    this.actionSpaceOverride = new Box(min, max, { shape: this.box.shape, dtype: this.box.dtype });
  }

  protected override action(action: ArrayLike<number>): ArrayLike<number> {
    const out = new Float32Array(action.length);
    for (let i = 0; i < action.length; i++) {
      const v = (this.intercept[i] as number) + (this.gradient[i] as number) * (action[i] as number);
      out[i] = Math.min(Math.max(v, this.box.low[i] as number), this.box.high[i] as number);
    }
    return out;
  }
}

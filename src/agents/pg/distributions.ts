/**
 * Action distributions of the policy-gradient agents, picked from the action space:
 * - `Discrete(n)`: a categorical over the policy network's n logits;
 * - `Box` (any shape, flattened to d numbers): a diagonal Gaussian whose mean is the network's d
 *   outputs and whose log standard deviation is a learned, state-independent vector (as in PPO's
 *   paper and Stable-Baselines3, initialised to 0). Sampled actions are stored unclipped (their log
 *   probability is exact) and clipped to the Box only when sent to the env, as SB3 does; the
 *   greedy action is the clipped mean.
 *
 * Each distribution has a JavaScript side (sampling while acting, no tensors) and a tfjs side
 * (log-probabilities and entropy inside the loss). Actions travel as rows of `actionSize` numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import type { Space } from '../../core/spaces/space.js';
import { argmax } from '../../policies/exploration.js';
import { entropyOp } from '../information.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** An action as the env takes it: an index for Discrete, a Float32Array for Box. */
export type PolicyAction = number | Float32Array;

export interface ActionDistribution {
  readonly kind: 'categorical' | 'gaussian';
  /** Outputs of the policy network. */
  readonly outputSize: number;
  /** Numbers per stored action (1 for categorical). */
  readonly actionSize: number;
  /** Trainable parameters outside the network (the Gaussian's log-std). */
  readonly variables: tf.Variable[];
  /**
   * Writes an action for network outputs `out` into `action` (sampled when `explore`, else the
   * mode) and returns its log-probability in nats.
   */
  sample(out: Float64Array, rng: Rng, explore: boolean, action: Float32Array): number;
  /** The stored action as the env takes it (clipped to a Box). */
  envAction(action: Float32Array): PolicyAction;
  /**
   * The stored form of `envAction`: `sampled` (the action drawn by `sample`) when it is what the
   * env received, else `envAction` itself (converted to a 0-based index for Discrete).
   */
  storedAction(envAction: PolicyAction, sampled: Float32Array | null): Float32Array;
  /** Writes an env action into a batch row (clipped to a Box). */
  writeEnvAction(action: Float32Array, batch: Int32Array | Float32Array, row: number): void;
  /** log pi(a | s) per row, from outputs `[m, outputSize]` and actions `[m, actionSize]`. */
  logProb(out: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D;
  /** The entropy per row, in nats. */
  entropy(out: tf.Tensor2D): tf.Tensor1D;
  /** Drops values cached from the variables (after a gradient step or a load). */
  invalidate(): void;
  dispose(): void;
}

export class Categorical implements ActionDistribution {
  readonly kind = 'categorical';
  readonly actionSize = 1;
  readonly variables: tf.Variable[] = [];
  /** `start`: the env's first action (Discrete's start); stored actions count from 0. */
  constructor(readonly outputSize: number, private readonly start = 0) {}

  /** softmax(logits), in float64. */
  probabilities(logits: Float64Array): Float64Array {
    let max = -Infinity;
    for (const z of logits) if (z > max) max = z;
    const p = new Float64Array(logits.length);
    let sum = 0;
    for (let i = 0; i < logits.length; i++) sum += p[i] = Math.exp((logits[i] as number) - max);
    for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / sum;
    return p;
  }

  sample(out: Float64Array, rng: Rng, explore: boolean, action: Float32Array): number {
    const p = this.probabilities(out);
    let a = p.length - 1;
    if (explore) {
      let u = rng.random();
      for (let i = 0; i < p.length; i++) {
        u -= p[i] as number;
        if (u < 0) {
          a = i;
          break;
        }
      }
    } else {
      a = argmax(p);
    }
    action[0] = a;
    return Math.log(Math.max(p[a] as number, 1e-12));
  }

  envAction(action: Float32Array): number {
    return (action[0] as number) + this.start;
  }

  writeEnvAction(action: Float32Array, batch: Int32Array | Float32Array, row: number): void {
    batch[row] = (action[0] as number) + this.start;
  }

  storedAction(envAction: PolicyAction, _sampled: Float32Array | null): Float32Array {
    if (typeof envAction !== 'number') throw new InvalidArgumentError(`a Discrete action must be a number, got ${describe(envAction)}`);
    return Float32Array.of(envAction - this.start);
  }

  logProb(out: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    const mask = tf.oneHot(tf.cast(tf.squeeze(actions, [1]), 'int32') as tf.Tensor1D, this.outputSize);
    return tf.sum(tf.mul(tf.logSoftmax(out), mask), 1) as tf.Tensor1D;
  }

  entropy(out: tf.Tensor2D): tf.Tensor1D {
    return entropyOp(out, 'nats');
  }

  invalidate(): void {}
  dispose(): void {}
}

export class DiagonalGaussian implements ActionDistribution {
  readonly kind = 'gaussian';
  readonly outputSize: number;
  readonly actionSize: number;
  readonly logStd: tf.Variable;
  readonly variables: tf.Variable[];
  private readonly low: Float32Array;
  private readonly high: Float32Array;
  private logStdJs: Float32Array | null = null;

  constructor(space: Box, logStdInit = 0) {
    this.actionSize = this.outputSize = space.size;
    this.low = Float32Array.from(space.low);
    this.high = Float32Array.from(space.high);
    this.logStd = tf.variable(tf.fill([space.size], logStdInit), true, `gaussian_log_std_${gaussianCount++}`);
    this.variables = [this.logStd];
  }

  /** The current log standard deviations. */
  logStds(): Float32Array {
    return (this.logStdJs ??= this.logStd.dataSync() as Float32Array);
  }

  sample(out: Float64Array, rng: Rng, explore: boolean, action: Float32Array): number {
    const logStd = this.logStds();
    let logp = 0;
    for (let i = 0; i < this.actionSize; i++) {
      const z = explore ? rng.normal() : 0;
      action[i] = (out[i] as number) + Math.exp(logStd[i] as number) * z;
      // Log-density of the float32 action actually stored, so training sees the same value.
      const zStored = ((action[i] as number) - (out[i] as number)) / Math.exp(logStd[i] as number);
      logp += -0.5 * zStored * zStored - (logStd[i] as number) - HALF_LOG_2PI;
    }
    return logp;
  }

  envAction(action: Float32Array): Float32Array {
    const a = new Float32Array(this.actionSize);
    this.writeEnvAction(action, a, 0);
    return a;
  }

  storedAction(envAction: PolicyAction, sampled: Float32Array | null): Float32Array {
    if (typeof envAction === 'number' || envAction.length !== this.actionSize) {
      throw new InvalidArgumentError(`a Box action must be a Float32Array of ${this.actionSize} numbers, got ${describe(envAction)}`);
    }
    if (sampled && this.envAction(sampled).every((v, i) => v === envAction[i])) return sampled;
    return Float32Array.from(envAction);
  }

  writeEnvAction(action: Float32Array, batch: Int32Array | Float32Array, row: number): void {
    for (let i = 0; i < this.actionSize; i++) {
      batch[row * this.actionSize + i] = Math.min(Math.max(action[i] as number, this.low[i] as number), this.high[i] as number);
    }
  }

  logProb(out: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    const z = tf.div(tf.sub(actions, out), tf.exp(this.logStd));
    return tf.sub(tf.sum(tf.add(tf.mul(-0.5, tf.square(z)), tf.neg(this.logStd)), 1), this.actionSize * HALF_LOG_2PI) as tf.Tensor1D;
  }

  /** sum_i (log sigma_i + (1 + log 2 pi) / 2), the same for every row. */
  entropy(out: tf.Tensor2D): tf.Tensor1D {
    const h = tf.add(tf.sum(this.logStd), this.actionSize * (0.5 + HALF_LOG_2PI));
    return tf.mul(tf.onesLike(tf.slice(out, [0, 0], [-1, 1])).squeeze([1]), h) as tf.Tensor1D;
  }

  invalidate(): void {
    this.logStdJs = null;
  }

  dispose(): void {
    this.logStd.dispose();
  }
}

let gaussianCount = 0;

/** The distribution for an action space, or an error naming the agent and the space. */
export function distributionFor(agent: string, space: Space<unknown>): ActionDistribution {
  if (space instanceof Discrete) return new Categorical(space.n, space.start);
  if (space instanceof Box) {
    if (!space.isBounded('both')) {
      throw new InvalidArgumentError(`${agent} needs a bounded Box action space (finite low and high), got ${String(space)}`);
    }
    return new DiagonalGaussian(space);
  }
  throw new InvalidArgumentError(`${agent} needs a Discrete or Box action space, got ${String(space)}`);
}

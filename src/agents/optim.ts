/**
 * Optimiser helpers shared by the agents: gradient clipping, and Adam's state in and out of
 * checkpoints, exactly: [iterations, beta1^t, beta2^t, first moments...,
 * second moments...]. The accumulated beta powers are saved as they are (tfjs multiplies them step
 * by step in float32; recomputing them with pow on load would shift the bias correction by an ulp
 * and a resumed run would drift from the uninterrupted one).
 */
import * as tf from '@tensorflow/tfjs';
import type { SavedArray } from '../core/agent.js';
import { InvalidArgumentError } from '../core/errors.js';

/** The parts of tfjs's AdamOptimizer that a checkpoint must capture to resume exactly. */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment?: { variable: tf.Variable }[];
  accumulatedSecondMoment?: { variable: tf.Variable }[];
}

export function saveAdam(optimizer: tf.AdamOptimizer): SavedArray[] {
  const opt = optimizer as unknown as AdamInternals;
  const out: SavedArray[] = [
    { shape: [1], data: Float64Array.of(optimizer.iterations) },
    { shape: [1], data: opt.accBeta1.dataSync() as Float32Array },
    { shape: [1], data: opt.accBeta2.dataSync() as Float32Array },
  ];
  for (const m of opt.accumulatedFirstMoment ?? []) out.push({ shape: m.variable.shape, data: m.variable.dataSync() as Float32Array });
  for (const v of opt.accumulatedSecondMoment ?? []) out.push({ shape: v.variable.shape, data: v.variable.dataSync() as Float32Array });
  return out;
}

/** Restores what {@link saveAdam} saved, for an optimizer over `variables` (in the same order). */
export async function loadAdam(optimizer: tf.AdamOptimizer, variables: readonly tf.Variable[], saved: SavedArray[]): Promise<void> {
  if (saved.length <= 3) return; // saved before the first gradient step
  const names = variables.map((v) => v.name);
  if (saved.length !== 3 + 2 * names.length) {
    throw new InvalidArgumentError(`checkpoint optimizer state has ${saved.length} arrays; this network needs ${3 + 2 * names.length}`);
  }
  // tfjs's Adam.setWeights takes [iterations, first moments..., second moments...].
  const moments = saved.slice(3).map((a, i) => ({
    name: `${names[i % names.length]}/${i < names.length ? 'm' : 'v'}`,
    tensor: tf.tensor(a.data as Float32Array, a.shape),
  }));
  const named = [{ name: 'iter', tensor: tf.scalar((saved[0]?.data[0] as number) ?? 0, 'int32') }, ...moments];
  const opt0 = optimizer as unknown as AdamInternals;
  // setWeights makes new moment variables and drops the old ones without freeing them.
  for (const m of [...(opt0.accumulatedFirstMoment ?? []), ...(opt0.accumulatedSecondMoment ?? [])]) m.variable.dispose();
  await optimizer.setWeights(named); // copies the values into the optimizer's own variables
  for (const t of named) t.tensor.dispose();
  const opt = optimizer as unknown as AdamInternals;
  tf.tidy(() => {
    opt.accBeta1.assign(tf.scalar(saved[1]?.data[0] as number));
    opt.accBeta2.assign(tf.scalar(saved[2]?.data[0] as number));
  });
}

/** Scales all gradients by min(1, maxNorm / ||g||) in the graph (no read back to JavaScript). */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
  return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)]));
}

/** tfjs's optimisers keep their learning rate in a field their typings do not show. */
interface WithLearningRate {
  learningRate: number;
}

export function learningRateOf(optimizer: tf.Optimizer): number {
  return (optimizer as unknown as WithLearningRate).learningRate;
}

/** Sets the rate the next `applyGradients` uses (for schedules). */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as WithLearningRate).learningRate = rate;
}

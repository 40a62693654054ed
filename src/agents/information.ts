/**
 * Information theory for discrete distributions (the tutorial on entropy, cross-entropy and KL):
 * self-information, entropy H(p), cross-entropy H(p, q) and KL(p || q) = H(p, q) - H(p), in bits
 * or nats, from probabilities or logits; as plain functions and as tfjs ops (batched over rows).
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, describe } from '../core/errors.js';

/** `bits` (log base 2) or `nats` (natural log). */
export type InfoUnit = 'bits' | 'nats';

const scale = (unit: InfoUnit): number => (unit === 'bits' ? 1 / Math.LN2 : 1);

/** Checks that `p` is a probability distribution: non-negative, finite, summing to 1 (1e-6). */
export function checkDistribution(name: string, p: ArrayLike<number>): void {
  if (p.length === 0) throw new InvalidArgumentError(`${name} must have at least one probability, got []`);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    if (!(Number.isFinite(v) && v >= 0)) throw new InvalidArgumentError(`${name}[${i}] must be a probability >= 0, got ${describe(v)}`);
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-6) throw new InvalidArgumentError(`${name} must sum to 1, got a sum of ${sum}`);
}

function checkPair(p: ArrayLike<number>, q: ArrayLike<number>): void {
  checkDistribution('p', p);
  checkDistribution('q', q);
  if (p.length !== q.length) throw new InvalidArgumentError(`p and q must have the same length, got ${p.length} and ${q.length}`);
}

/** The information of an outcome of probability `p`: -log p. */
export function selfInformation(p: number, unit: InfoUnit = 'bits'): number {
  if (!(p > 0 && p <= 1)) throw new InvalidArgumentError(`selfInformation needs a probability in (0, 1], got ${describe(p)}`);
  return -Math.log(p) * scale(unit);
}

/** H(p) = H(p, p) = -sum p log p (0 log 0 = 0). */
export function entropy(p: ArrayLike<number>, unit: InfoUnit = 'bits'): number {
  return crossEntropy(p, p, unit);
}

/** H(p, q) = -sum p log q (infinite where p > 0 and q = 0). */
export function crossEntropy(p: ArrayLike<number>, q: ArrayLike<number>, unit: InfoUnit = 'bits'): number {
  checkPair(p, q);
  let h = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    if (v > 0) h -= v * Math.log(q[i] as number);
  }
  return h * scale(unit);
}

/** KL(p || q) = sum p log(p / q) = H(p, q) - H(p); not symmetric. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>, unit: InfoUnit = 'bits'): number {
  checkPair(p, q);
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    if (v > 0) d += v * Math.log(v / (q[i] as number));
  }
  return d * scale(unit);
}

/** softmax(logits), computed stably. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const out = Float64Array.from(logits, (z) => Math.exp(z - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

/** Entropy of softmax(logits). */
export function entropyFromLogits(logits: ArrayLike<number>, unit: InfoUnit = 'bits'): number {
  return entropy(softmax(logits), unit);
}

// --- tfjs ops: one distribution per row; call inside tf.tidy -------------------------------------

/** H(softmax(logits)) per row, from log-softmax for stability. [batch, k] -> [batch] */
export function entropyOp(logits: tf.Tensor2D, unit: InfoUnit = 'nats'): tf.Tensor1D {
  const logp = tf.logSoftmax(logits);
  return tf.mul(tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)), scale(unit)) as tf.Tensor1D;
}

/** H(p, softmax(logits)) per row, for target distributions p (e.g. one-hot labels). */
export function crossEntropyOp(p: tf.Tensor2D, logits: tf.Tensor2D, unit: InfoUnit = 'nats'): tf.Tensor1D {
  return tf.mul(tf.neg(tf.sum(tf.mul(p, tf.logSoftmax(logits)), 1)), scale(unit)) as tf.Tensor1D;
}

/** KL(softmax(logitsP) || softmax(logitsQ)) per row. */
export function klOp(logitsP: tf.Tensor2D, logitsQ: tf.Tensor2D, unit: InfoUnit = 'nats'): tf.Tensor1D {
  const logp = tf.logSoftmax(logitsP);
  return tf.mul(tf.sum(tf.mul(tf.exp(logp), tf.sub(logp, tf.logSoftmax(logitsQ))), 1), scale(unit)) as tf.Tensor1D;
}

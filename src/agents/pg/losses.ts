/**
 * The policy-gradient losses as tfjs ops (call inside tf.tidy), shared by A2C and PPO and tested
 * on hand-computed cases:
 *
 *   policyGradientLoss:  -mean log pi(a|s) A                              (A2C, REINFORCE)
 *   clippedSurrogateLoss: -mean min(rho A, clip(rho, 1 - eps, 1 + eps) A),  rho = exp(logp - logp_old)   (PPO)
 *   valueLoss:           mean (V - R)^2, or with clipping
 *                        mean max((V - R)^2, (V_old + clip(V - V_old, -c, c) - R)^2)
 */
import * as tf from '@tensorflow/tfjs';

export function policyGradientLoss(logp: tf.Tensor1D, advantages: tf.Tensor1D): tf.Scalar {
  return tf.neg(tf.mean(tf.mul(logp, advantages))) as tf.Scalar;
}

/** PPO's clipped surrogate and the probability ratios it used. */
export function clippedSurrogateLoss(logp: tf.Tensor1D, logpOld: tf.Tensor1D, advantages: tf.Tensor1D, clipRange: number): { loss: tf.Scalar; ratio: tf.Tensor1D } {
  const ratio = tf.exp(tf.sub(logp, logpOld)) as tf.Tensor1D;
  const clipped = tf.clipByValue(ratio, 1 - clipRange, 1 + clipRange);
  const loss = tf.neg(tf.mean(tf.minimum(tf.mul(ratio, advantages), tf.mul(clipped, advantages)))) as tf.Scalar;
  return { loss, ratio };
}

export function valueLoss(v: tf.Tensor1D, returns: tf.Tensor1D, vOld?: tf.Tensor1D, clipRange = 0): tf.Scalar {
  if (!vOld || clipRange <= 0) return tf.mean(tf.square(tf.sub(v, returns))) as tf.Scalar;
  const vClipped = tf.add(vOld, tf.clipByValue(tf.sub(v, vOld), -clipRange, clipRange));
  return tf.mean(tf.maximum(tf.square(tf.sub(v, returns)), tf.square(tf.sub(vClipped, returns)))) as tf.Scalar;
}

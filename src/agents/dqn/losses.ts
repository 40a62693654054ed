/**
 * DQN's losses, as in the papers: the TD target (Mnih et al., 2015), its Double-DQN form
 * (van Hasselt et al., 2016), and the Huber / squared TD error, weighted for prioritized replay.
 * All take and return tensors; call them inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';

export interface TdTargetInputs {
  /** r (for n-step transitions, the discounted sum of the n rewards). [batch] */
  rewards: tf.Tensor1D;
  /** gamma^m, the factor on the bootstrapped value. [batch] */
  discounts: tf.Tensor1D;
  /** 1 where s' is terminal. Truncation never enters here: a truncated s' still bootstraps. [batch] */
  terminated: tf.Tensor1D;
  /** Q_target(s', .) [batch, actions] */
  nextQTarget: tf.Tensor2D;
  /** Q_online(s', .), for Double DQN's action selection; omit for the classic max. [batch, actions] */
  nextQOnline?: tf.Tensor2D;
}

/**
 * y = r + gamma^m (1 - terminated) Q_target(s', a*), with a* = argmax_a Q_target(s', a) (DQN)
 * or a* = argmax_a Q_online(s', a) (Double DQN).
 */
export function tdTarget({ rewards, discounts, terminated, nextQTarget, nextQOnline }: TdTargetInputs): tf.Tensor1D {
  let nextValue: tf.Tensor1D;
  if (nextQOnline) {
    const best = tf.argMax(nextQOnline, 1);
    const mask = tf.oneHot(best, nextQTarget.shape[1]).toFloat();
    nextValue = tf.sum(tf.mul(nextQTarget, mask), 1);
  } else {
    nextValue = tf.max(nextQTarget, 1);
  }
  return tf.add(rewards, tf.mul(tf.mul(discounts, tf.sub(1, terminated)), nextValue));
}

/**
 * Advantage learning's target (Baird, 1999; Bellemare et al., 2016, "Increasing the Action Gap"):
 * y - alpha (max_b Q_target(s, b) - Q_target(s, a)). Its fixed point keeps Q*(s, a*) and lowers
 * every other action's value, so the gap between the best action and the rest grows by a factor
 * of about 1 / (1 - alpha), and small errors of Q no longer flip the greedy action.
 */
export function advantageLearningTarget(y: tf.Tensor1D, qTargetAtState: tf.Tensor2D, actionMask: tf.Tensor2D, alpha: number): tf.Tensor1D {
  const gap = tf.sub(tf.max(qTargetAtState, 1), selectActionValues(qTargetAtState, actionMask));
  return tf.sub(y, tf.mul(alpha, gap));
}

/** Q(s, a) for the taken actions, selected with a one-hot mask (gather has no gradient on wasm). */
export function selectActionValues(q: tf.Tensor2D, actionMask: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.mul(q, actionMask), 1);
}

/** Huber loss per element (smooth L1 with delta 1): 0.5 d^2 if |d| <= 1, else |d| - 0.5. */
export function huber(delta: tf.Tensor1D): tf.Tensor1D {
  const abs = tf.abs(delta);
  const quadratic = tf.minimum(abs, 1);
  return tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(abs, quadratic)) as tf.Tensor1D;
}

/** Mean over the batch of the (importance-weighted) Huber or squared TD error. */
export function tdLoss(q: tf.Tensor1D, target: tf.Tensor1D, weights: tf.Tensor1D, kind: 'huber' | 'mse'): tf.Scalar {
  const delta = tf.sub(q, target) as tf.Tensor1D;
  const perSample = kind === 'huber' ? huber(delta) : tf.square(delta);
  return tf.mean(tf.mul(perSample, weights));
}

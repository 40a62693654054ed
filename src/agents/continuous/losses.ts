/**
 * The losses of the continuous-action off-policy agents, as their papers write them. Actions live
 * in the normalised box [-1, 1]^d; all functions take and return tensors (call inside tf.tidy).
 *
 * - SAC: Haarnoja et al., 2018, "Soft Actor-Critic Algorithms and Applications" (arXiv 1812.05905):
 *   eq. 5 (soft TD target with the clipped double-Q minimum), eq. 7 (actor), eq. 18 (temperature),
 *   appendix C (the tanh squashing and its log-likelihood correction, eq. 21).
 * - TD3: Fujimoto et al., 2018, "Addressing Function Approximation Error in Actor-Critic Methods":
 *   clipped double-Q learning (eq. 10) with target policy smoothing (eq. 14-15), delayed actor.
 * - DDPG: Lillicrap et al., 2015, "Continuous control with deep reinforcement learning": one critic,
 *   y = r + gamma Q'(s', mu'(s')), actor ascending Q(s, mu(s)).
 */
import * as tf from '@tensorflow/tfjs';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log pi(a | s) of a tanh-squashed diagonal Gaussian, a = tanh(u), u = mean + std * eps:
 *   sum_i [ log N(u_i; mean_i, std_i) - log(1 - tanh(u_i)^2) ]   (SAC appendix C, eq. 21)
 * with log N = -eps^2 / 2 - log std - log(2 pi) / 2 and the correction in its overflow-free form
 * log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)). Returns one number per row.
 */
export function tanhGaussianLogProb(u: tf.Tensor2D, eps: tf.Tensor2D, logStd: tf.Tensor2D): tf.Tensor1D {
  const gaussian = tf.sub(tf.mul(-0.5, tf.square(eps)), tf.add(logStd, 0.5 * LOG_2PI));
  const correction = tf.mul(2, tf.sub(tf.sub(Math.LN2, u), tf.softplus(tf.mul(-2, u))));
  return tf.sum(tf.sub(gaussian, correction), 1);
}

/** A reparameterised sample a = tanh(mean + exp(logStd) eps) with its log-probability. */
export function sampleTanhGaussian(mean: tf.Tensor2D, logStd: tf.Tensor2D, eps: tf.Tensor2D): { action: tf.Tensor2D; logProb: tf.Tensor1D } {
  const u = tf.add(mean, tf.mul(tf.exp(logStd), eps)) as tf.Tensor2D;
  return { action: tf.tanh(u), logProb: tanhGaussianLogProb(u, eps, logStd) };
}

/** The elementwise minimum over critics' values ([batch] each): clipped double-Q. */
export function minOverCritics(values: tf.Tensor1D[]): tf.Tensor1D {
  return values.reduce((m, v) => tf.minimum(m, v));
}

/**
 * SAC's soft TD target (eq. 5 with eq. 3's soft value, twin critics):
 *   y = r + gamma^m (1 - terminated) (min_i Q'_i(s', a') - alpha log pi(a' | s')),  a' ~ pi(.|s').
 */
export function sacTarget(rewards: tf.Tensor1D, discounts: tf.Tensor1D, terminated: tf.Tensor1D, nextQ: tf.Tensor1D[], nextLogProb: tf.Tensor1D, alpha: number): tf.Tensor1D {
  const soft = tf.sub(minOverCritics(nextQ), tf.mul(alpha, nextLogProb));
  return tf.add(rewards, tf.mul(tf.mul(discounts, tf.sub(1, terminated)), soft));
}

/** TD target of TD3/DDPG: y = r + gamma^m (1 - terminated) min_i Q'_i(s', a') (eq. 10; one critic: DDPG). */
export function clippedDoubleQTarget(rewards: tf.Tensor1D, discounts: tf.Tensor1D, terminated: tf.Tensor1D, nextQ: tf.Tensor1D[]): tf.Tensor1D {
  return tf.add(rewards, tf.mul(tf.mul(discounts, tf.sub(1, terminated)), minOverCritics(nextQ)));
}

/**
 * TD3's target policy smoothing (eq. 14-15): a' = clip(mu'(s') + clip(noise, -c, c), -1, 1) with
 * noise ~ N(0, sigma^2) given as `noise` (drawn by the caller from the agent's stream).
 */
export function smoothedTargetAction(targetAction: tf.Tensor2D, noise: tf.Tensor2D, noiseClip: number): tf.Tensor2D {
  return tf.clipByValue(tf.add(targetAction, tf.clipByValue(noise, -noiseClip, noiseClip)), -1, 1) as tf.Tensor2D;
}

/**
 * The critics' regression loss: `scale * sum_i mean_batch (Q_i(s, a) - y)^2`. SAC's paper (eq. 5)
 * has 1/2 of the squared error (scale 0.5); TD3's and DDPG's code use the plain MSE (scale 1).
 */
export function criticLoss(q: tf.Tensor1D[], y: tf.Tensor1D, scale: number): tf.Scalar {
  return tf.mul(scale, tf.addN(q.map((qi) => tf.mean(tf.square(tf.sub(qi, y)))))) as tf.Scalar;
}

/** SAC's actor loss (eq. 7, reparameterised): mean over the batch of alpha log pi(a|s) - min_i Q_i(s, a). */
export function sacActorLoss(logProb: tf.Tensor1D, minQ: tf.Tensor1D, alpha: number): tf.Scalar {
  return tf.mean(tf.sub(tf.mul(alpha, logProb), minQ));
}

/**
 * SAC's temperature loss (eq. 18), on log alpha as Stable-Baselines3 optimises it:
 *   J(alpha) = -mean(log alpha * (log pi(a|s) + target entropy)),
 * with the log-probabilities treated as constants: alpha grows while the policy's entropy is
 * below the target and shrinks while it is above.
 */
export function entropyCoefLoss(logAlpha: tf.Tensor, logProb: tf.Tensor1D, targetEntropy: number): tf.Scalar {
  return tf.neg(tf.mean(tf.mul(logAlpha, tf.add(logProb, targetEntropy)))) as tf.Scalar;
}

/** The deterministic policy-gradient actor loss (DDPG, TD3): -mean_batch Q_1(s, mu(s)). */
export function deterministicActorLoss(q: tf.Tensor1D): tf.Scalar {
  return tf.neg(tf.mean(q)) as tf.Scalar;
}

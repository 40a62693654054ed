/**
 * A faster gradient for batch normalisation, registered for every backend.
 *
 * tfjs's FusedBatchNorm gradient broadcasts 1/sqrt(var + eps) over the input with an explicit
 * `tile` to the input's full shape; wasm's Tile kernel is a slow element loop (about 60% of a
 * BatchNorm CNN's training step here). Multiplication broadcasts a per-channel vector over the
 * last axis by itself, so this gradient is tfjs's with the tile left out: the same formulas and
 * the same values (checked against tfjs's in test/backend), and it also covers inputs of any rank.
 */
import * as tf from '@tensorflow/tfjs';

interface BatchNormAttrs {
  varianceEpsilon: number;
}

export function registerFastGradients(): void {
  tf.registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
      const g = dy as tf.Tensor;
      const { varianceEpsilon } = attrs as unknown as BatchNormAttrs;
      const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const scaleValue = scale ?? tf.scalar(1);
      const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
      const reduce = (t: tf.Tensor): tf.Tensor => tf.reshape(mean.rank === 1 ? tf.sum(t, axes) : t, mean.shape);
      const xMinusMean = tf.sub(x, mean);
      const dyTimesScale = tf.mul(g, scaleValue);
      const rsqrt = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
      const minusHalfRCube = tf.mul(tf.mul(tf.mul(rsqrt, rsqrt), rsqrt), tf.scalar(-0.5));
      return {
        x: () => tf.reshape(tf.mul(tf.mul(g, rsqrt), scaleValue), x.shape),
        mean: () => reduce(tf.mul(tf.mul(rsqrt, tf.scalar(-1)), dyTimesScale)),
        variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
        scale: () => reduce(tf.mul(g, tf.mul(xMinusMean, rsqrt))),
        offset: () => reduce(g),
      };
    },
  });
}

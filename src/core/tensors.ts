/**
 * Reading tensors back into JavaScript. `tf.tidy(() => t.dataSync())` looks harmless but is slow:
 * tidy searches whatever its function returns for tensors to keep, and a typed array is searched
 * element by element (37 ms for a 256x256 result against 2.5 ms for the product itself, measured
 * on wasm). These helpers return the tensor from tidy, read it, and free it.
 */
import * as tf from '@tensorflow/tfjs';

/** The values of the tensor `f` makes (every intermediate freed). */
export function readTidy(f: () => tf.Tensor): Float32Array {
  const t = tf.tidy(f);
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

/** The values of each tensor `f` makes (every intermediate freed). */
export function readTidyAll(f: () => tf.Tensor[]): Float32Array[] {
  const ts = tf.tidy(f);
  const data = ts.map((t) => t.dataSync() as Float32Array);
  tf.dispose(ts);
  return data;
}

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendError, backendInfo, initBackend, parseBackend } from '../../src/backend/index.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';

/** The conv2d filter gradient on the current backend, for a seeded random problem. */
function filterGrad(shape: { b: number; h: number; w: number; ci: number; co: number; k: number; stride: number; pad: 'same' | 'valid' }): Float32Array {
  const rng = new Rng(shape.h * 100 + shape.k * 10 + shape.stride);
  const x = tf.tensor4d(Float32Array.from({ length: shape.b * shape.h * shape.w * shape.ci }, () => rng.normal()), [shape.b, shape.h, shape.w, shape.ci]);
  const f = tf.variable(tf.tensor4d(Float32Array.from({ length: shape.k * shape.k * shape.ci * shape.co }, () => rng.normal()), [shape.k, shape.k, shape.ci, shape.co]));
  const grads = tf.variableGrads(() => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, shape.stride, shape.pad))), [f]);
  const out = grads.grads[f.name]!.dataSync() as Float32Array;
  tf.dispose([x, f, grads.value, ...Object.values(grads.grads)]);
  return out.slice();
}

describe('tensor backend', () => {
  it('picks the best backend that loads, says which, and honours a forced one', async () => {
    const info = await initBackend({ backend: 'wasm' });
    expect(info.name).toBe('wasm');
    expect(backendInfo()?.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.env().getBool('PROD')).toBe(true);
    await expect(initBackend({ backend: 'node-gpu' })).rejects.toThrow(BackendError);
    await expect(initBackend({ backend: 'node-gpu' })).rejects.toThrow(/^tensor backend node-gpu could not be loaded \(node-gpu: /);
    expect(() => parseBackend('tpu')).toThrow(new InvalidArgumentError('backend must be one of auto, node-gpu, node, wasm, cpu, got "tpu"'));
    expect(parseBackend(undefined)).toBe('auto');
    await initBackend({ backend: 'wasm' });
  });

  it("trains convolutions on wasm: its Conv2DBackpropFilter equals the cpu backend's gradient", async () => {
    const cases = [
      { b: 2, h: 7, w: 6, ci: 3, co: 4, k: 3, stride: 1, pad: 'same' as const },
      { b: 1, h: 8, w: 8, ci: 2, co: 5, k: 3, stride: 2, pad: 'valid' as const },
      { b: 3, h: 9, w: 5, ci: 1, co: 2, k: 2, stride: 2, pad: 'same' as const },
      { b: 2, h: 9, w: 5, ci: 2, co: 3, k: 2, stride: 1, pad: 'same' as const },
      { b: 2, h: 9, w: 7, ci: 2, co: 3, k: 3, stride: 2, pad: 'valid' as const },
    ];
    await initBackend({ backend: 'cpu' });
    const expected = cases.map(filterGrad);
    await initBackend({ backend: 'wasm' });
    cases.forEach((c, i) => {
      const got = filterGrad(c);
      const want = expected[i]!;
      expect(got.length).toBe(want.length);
      got.forEach((v, j) => expect(Math.abs(v - want[j]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(want[j]!))));
    });
  });
});

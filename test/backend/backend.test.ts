import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendInfo, initBackend, parseBackend } from '../../src/backend/index.js';
import { BackendError } from '../../src/core/errors.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';

/** The conv2d filter and input gradients on the current backend, for a seeded random problem. */
function convGrads(shape: { b: number; h: number; w: number; ci: number; co: number; k: number; kw?: number; stride: number; pad: 'same' | 'valid' }): Float32Array[] {
  const rng = new Rng(shape.h * 100 + shape.k * 10 + shape.stride);
  const kw = shape.kw ?? shape.k;
  const x0 = tf.tensor4d(Float32Array.from({ length: shape.b * shape.h * shape.w * shape.ci }, () => rng.normal()), [shape.b, shape.h, shape.w, shape.ci]);
  const f0 = tf.tensor4d(Float32Array.from({ length: shape.k * kw * shape.ci * shape.co }, () => rng.normal()), [shape.k, kw, shape.ci, shape.co]);
  const [x, f] = [tf.variable(x0), tf.variable(f0)];
  tf.dispose([x0, f0]);
  const grads = tf.variableGrads(() => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, shape.stride, shape.pad))), [f, x]);
  const out = [f, x].map((v) => (grads.grads[v.name]!.dataSync() as Float32Array).slice());
  tf.dispose([x, f, grads.value, ...Object.values(grads.grads)]);
  return out;
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
    await expect(initBackend({ backend: 'webgl' })).rejects.toThrow('tensor backend webgl could not be loaded (webgl: webgl runs in browsers and workers only)');
    expect(() => parseBackend('tpu')).toThrow(new InvalidArgumentError('backend must be one of auto, node-gpu, node, webgl, wasm, cpu, got "tpu"'));
    expect(parseBackend(undefined)).toBe('auto');
    await initBackend({ backend: 'wasm' });
  });

  it("trains convolutions on wasm: its filter and input gradients equal the cpu backend's, without leaking", async () => {
    const cases = [
      { b: 4, h: 12, w: 10, ci: 3, co: 6, k: 5, stride: 1, pad: 'valid' as const },
      { b: 2, h: 6, w: 7, ci: 2, co: 3, k: 3, kw: 1, stride: 1, pad: 'same' as const },
      { b: 2, h: 10, w: 10, ci: 3, co: 4, k: 4, stride: 3, pad: 'same' as const },
      { b: 2, h: 7, w: 6, ci: 3, co: 4, k: 3, stride: 1, pad: 'same' as const },
      { b: 1, h: 8, w: 8, ci: 2, co: 5, k: 3, stride: 2, pad: 'valid' as const },
      { b: 3, h: 9, w: 5, ci: 1, co: 2, k: 2, stride: 2, pad: 'same' as const },
      { b: 2, h: 9, w: 5, ci: 2, co: 3, k: 2, stride: 1, pad: 'same' as const },
      { b: 2, h: 9, w: 7, ci: 2, co: 3, k: 3, stride: 2, pad: 'valid' as const },
    ];
    await initBackend({ backend: 'cpu' });
    const expected = cases.map(convGrads);
    await initBackend({ backend: 'wasm' });
    const backend = tf.engine().backend as unknown as { numDataIds(): number };
    convGrads(cases[0]!);
    const dataIds = backend.numDataIds();
    cases.forEach((c, i) => {
      convGrads(c).forEach((got, g) => {
        const want = expected[i]![g]!;
        expect(got.length).toBe(want.length);
        got.forEach((v, j) => expect(Math.abs(v - want[j]!), `case ${i} grad ${g} [${j}]`).toBeLessThan(1e-3 * Math.max(1, Math.abs(want[j]!))));
      });
    });
    expect(backend.numDataIds()).toBe(dataIds);
  });

  it('batch normalisation gradients (without tile) equal the gradients of the written-out formula', async () => {
    await initBackend({ backend: 'wasm' });
    const rng = new Rng(11);
    const x = tf.variable(tf.tensor4d(Float32Array.from({ length: 2 * 3 * 4 * 5 }, () => rng.normal(1, 2)), [2, 3, 4, 5]));
    const scale = tf.variable(tf.tensor1d(Float32Array.from({ length: 5 }, () => rng.normal(1, 0.3))));
    const offset = tf.variable(tf.tensor1d(Float32Array.from({ length: 5 }, () => rng.normal())));
    const w = tf.tensor4d(Float32Array.from({ length: 2 * 3 * 4 * 5 }, () => rng.normal()), [2, 3, 4, 5]);
    const eps = 1e-3;
    const grads = (fused: boolean) => {
      const g = tf.variableGrads(() => tf.tidy(() => {
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        const y = fused ? tf.batchNorm(x, mean, variance, offset, scale, eps) : tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), scale), offset);
        return tf.sum(tf.mul(y, w)) as tf.Scalar;
      }), [x, scale, offset]);
      const out = [x, scale, offset].map((v) => Array.from(g.grads[v.name]!.dataSync()));
      tf.dispose([g.value, ...Object.values(g.grads)]);
      return out;
    };
    const fused = grads(true);
    const plain = grads(false);
    fused.forEach((g, k) => g.forEach((v, j) => expect(Math.abs(v - plain[k]![j]!), `grad ${k}[${j}]`).toBeLessThan(1e-4 * Math.max(1, Math.abs(plain[k]![j]!)))));
    tf.dispose([x, scale, offset, w]);
  });
});

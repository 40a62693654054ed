import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy, crossEntropyOp, entropy, entropyFromLogits, entropyOp, klDivergence, klOp, selfInformation } from '../../src/agents/information.js';
import { initBackend } from '../../src/backend/index.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('information theory (the tutorial\'s numbers)', () => {
  it('an unfair coin {0.99, 0.01}', () => {
    expect(Math.abs(selfInformation(0.99) - 0.0144)).toBeLessThan(2e-4); // heads
    expect(selfInformation(0.01)).toBeCloseTo(6.64, 2); // tails
    expect(entropy([0.99, 0.01])).toBeCloseTo(0.08, 2);
  });

  it('entropies of four-outcome distributions', () => {
    expect(entropy([0.9, 0.05, 0.025, 0.025])).toBeCloseTo(0.62, 2); // "about 0.61"
    expect(entropy([0.3, 0.2, 0.25, 0.25])).toBeCloseTo(1.985, 3); // "about 1.98"
    expect(entropy([0.25, 0.25, 0.25, 0.25])).toBe(2);
    expect(entropy([1, 0])).toBe(0);
  });

  it('cross-entropy of a one-hot target against q = 0.75 is 0.287 nats; H(p, q) = H(p) + KL(p || q); KL is not symmetric', () => {
    expect(crossEntropy([1, 0], [0.75, 0.25], 'nats')).toBeCloseTo(0.2877, 4);
    const p = [0.5, 0.3, 0.2];
    const q = [0.2, 0.2, 0.6];
    expect(crossEntropy(p, q)).toBeCloseTo(entropy(p) + klDivergence(p, q), 12);
    expect(klDivergence(p, q)).not.toBeCloseTo(klDivergence(q, p), 3);
    expect(klDivergence(p, p)).toBe(0);
  });

  it('the tfjs ops agree with the plain functions, from logits', () => {
    const logits = [[1, 2, 0.5], [0, 0, 0]];
    const [h, ce, kl] = tf.tidy(() => {
      const l = tf.tensor2d(logits);
      const target = tf.tensor2d([[0, 1, 0], [1, 0, 0]]);
      return [entropyOp(l, 'bits').arraySync(), crossEntropyOp(target, l).arraySync(), klOp(l, tf.reverse(l, 1)).arraySync()];
    });
    expect(h![0]).toBeCloseTo(entropyFromLogits(logits[0]!), 5);
    expect(h![1]).toBeCloseTo(Math.log2(3), 5);
    const p0 = Math.exp(2) / (Math.exp(1) + Math.exp(2) + Math.exp(0.5));
    expect(ce![0]).toBeCloseTo(-Math.log(p0), 5);
    expect(kl![1]).toBeCloseTo(0, 6);
  });

  it('rejects distributions that are negative, do not sum to 1, or differ in length', () => {
    expect(() => entropy([0.5, -0.1, 0.6])).toThrow(new InvalidArgumentError('p[1] must be a probability >= 0, got -0.1'));
    expect(() => entropy([0.5, 0.6])).toThrow('p must sum to 1, got a sum of 1.1');
    expect(() => klDivergence([0.5, 0.5], [1])).toThrow('p and q must have the same length, got 2 and 1');
    expect(() => selfInformation(0)).toThrow('selfInformation needs a probability in (0, 1], got 0');
  });
});

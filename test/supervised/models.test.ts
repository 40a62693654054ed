import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { ImageDataset } from '../../src/supervised/data/dataset.js';
import { BestWeights } from '../../src/supervised/callbacks.js';
import { ClassifierTask, evaluateClassifier } from '../../src/supervised/classifier.js';
import { BinaryAccuracy, KernelStd, Mean, SparseCategoricalAccuracy } from '../../src/supervised/metrics.js';
import { buildConvNet, parameterCounts } from '../../src/supervised/models/convnet.js';
import { loadModel, saveModel } from '../../src/supervised/models/io.js';
import { SeededDropout } from '../../src/supervised/models/layers.js';
import { buildResNet50 } from '../../src/supervised/models/resnet50.js';
import { extractFeatures, transferModel } from '../../src/supervised/models/transfer.js';
import { trainSupervised } from '../../src/trainers/supervised.js';
import { Rng } from '../../src/core/rng.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

/** Tiny images whose class is which half is brighter: learnable in a few steps. */
function toyImages(n: number, seed: number, side = 8): ImageDataset {
  const rng = new Rng(seed);
  const pixels = new Float32Array(n * side * side);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) pixels[i * side * side + r * side + c] = Math.min(1, Math.max(0, (r < side / 2 === (labels[i] === 0) ? 0.8 : 0.2) + rng.normal(0, 0.1)));
  }
  return new ImageDataset({ shape: [side, side, 1], pixels, labels, classNames: ['top', 'bottom'] });
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('Keras-style metrics', () => {
  it('match hand-computed values and reset', () => {
    const acc = new SparseCategoricalAccuracy();
    acc.updateState([0, 2], [0.7, 0.2, 0.1, 0.1, 0.5, 0.4]); // right, wrong
    acc.updateState([1], [0.1, 0.8, 0.1]); // right
    expect(acc.result()).toBeCloseTo(2 / 3, 12);
    acc.resetStates();
    expect(acc.result()).toBe(0);
    const bin = new BinaryAccuracy();
    bin.updateState([1, 0, 1, 0], [0.9, 0.4, 0.2, 0.6]);
    expect(bin.result()).toBe(0.5);
    const mean = new Mean();
    mean.add(2, 3);
    mean.add(4, 1);
    expect(mean.result()).toBe(2.5);
    expect(() => acc.updateState([0, 1], [0.5, 0.5, 0.1])).toThrow(new InvalidArgumentError('accuracy: predictions must hold a whole row per label (2 labels), got 3 numbers'));
    const layer = tf.layers.dense({ units: 2, inputShape: [2], name: 'std_probe' });
    const m = tf.sequential({ layers: [layer] });
    const w = [tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.zeros([2])];
    layer.setWeights(w);
    expect(new KernelStd(layer).result()).toBeCloseTo(Math.sqrt(1.25), 6); // std of 1, 2, 3, 4
    tf.dispose([...w]);
    m.dispose();
  });
});

describe('conv nets, training and dropout', () => {
  it('GAP has far fewer parameters than the FC back-ends; FC and FC+dropout have the same', () => {
    const counts = (['fc', 'fc-dropout', 'gap'] as const).map((backEnd) => {
      const m = buildConvNet({ inputShape: [100, 100, 3], numClasses: 2, backEnd, seed: 0 });
      const c = parameterCounts(m);
      m.dispose();
      return c.total;
    });
    expect(counts[0]).toBe(counts[1]);
    expect(counts[2]! * 10).toBeLessThan(counts[0]!);
  });

  it('learns through the shared trainer, deterministically, without growing the tensor count', async () => {
    const run = async () => {
      const data = toyImages(64, 1);
      const model = buildConvNet({ inputShape: [8, 8, 1], numClasses: 2, filters: [4], backEnd: 'fc-dropout', denseUnits: [8], seed: 3 });
      const task = new ClassifierTask({ model, train: data, validation: toyImages(32, 2), batchSize: 16, learningRate: 0.01, seed: 3 });
      const tensors: number[] = [];
      const epochs: Record<string, number>[] = [];
      await trainSupervised({ task, epochs: 6, seed: 3, callbacks: [{ onBatchEnd: () => void tensors.push(tf.memory().numTensors), onEpochEnd: (e) => void epochs.push(e.metrics) }] });
      const weights = weightsOf(model);
      model.dispose();
      return { tensors, epochs, weights };
    };
    const a = await run();
    expect(a.epochs.at(-1)!['val/accuracy']).toBeGreaterThan(0.9);
    expect(new Set(a.tensors.slice(8)).size).toBe(1);
    const b = await run();
    expect(b.weights).toEqual(a.weights);
    expect(b.epochs).toEqual(a.epochs);
  });

  it('BestWeights puts back the weights of the best validation epoch', async () => {
    const data = toyImages(32, 5);
    const model = buildConvNet({ inputShape: [8, 8, 1], numClasses: 2, filters: [4], backEnd: 'gap', seed: 4 });
    const best = new BestWeights(model);
    const snapshots: number[][][] = [];
    const accs = [0.5, 0.9, 0.7];
    const task = new ClassifierTask({ model, train: data, batchSize: 8, learningRate: 0.05, seed: 0 });
    await trainSupervised({ task, epochs: 3, seed: 0, callbacks: [{ onEpochEnd: (e) => void (e.metrics['val/accuracy'] = accs[e.epoch - 1]!, snapshots.push(weightsOf(model))) }, best] });
    expect(best.epoch).toBe(2);
    expect(weightsOf(model)).toEqual(snapshots[2]);
    const before = tf.memory().numTensors;
    best.restore();
    expect(weightsOf(model)).toEqual(snapshots[1]);
    expect(tf.memory().numTensors).toBeLessThan(before);
    model.dispose();
  });

  it('seeded dropout: new masks every step, the same masks every run, identity at inference', () => {
    const masks = (seed: number) => {
      const d = new SeededDropout({ rate: 0.5, seed });
      const x = tf.ones([1, 32]);
      const out = [0, 1].map(() => Array.from((d.apply(x, { training: true }) as tf.Tensor).dataSync()));
      const inference = Array.from((d.apply(x) as tf.Tensor).dataSync());
      return { out, inference };
    };
    const a = masks(5);
    expect(a.out[0]).not.toEqual(a.out[1]);
    expect(new Set(a.out[0])).toEqual(new Set([0, 2]));
    expect(masks(5).out).toEqual(a.out);
    expect(a.inference.every((v) => v === 1)).toBe(true);
    expect(() => new SeededDropout({ rate: 1, seed: 0 })).toThrow(new InvalidArgumentError('dropout rate must be in [0, 1), got 1'));
  });
});

describe('ResNet50 and transfer learning', () => {
  it("matches Keras' ResNet50(include_top=False) and the tutorial's 23.6M / 2,049 summary, and round-trips through the tfjs format", async () => {
    const base = buildResNet50({ inputShape: [100, 100, 3] });
    expect(parameterCounts(base)).toEqual({ total: 23_587_712, trainable: 23_534_592, nonTrainable: 53_120 });
    expect(base.layers.length).toBe(175);
    expect(base.outputs[0]!.shape).toEqual([null, 4, 4, 2048]);
    expect(base.getLayer('conv4_block6_2_conv').getWeights()[0]!.shape).toEqual([3, 3, 256, 256]);
    expect(base.getLayer('conv2_block1_0_bn').getWeights().map((w) => w.shape)).toEqual([[256], [256], [256], [256]]);
    const t = transferModel({ base, numClasses: 2, seed: 0 });
    expect(parameterCounts(t.model)).toEqual({ total: 23_589_761, trainable: 2_049, nonTrainable: 23_587_712 });
    const dir = join(mkdtempSync(join(tmpdir(), 'tfgym-model-')), 'resnet50');
    await saveModel(base, dir);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadModel(dir);
    expect(loaded.getLayer('conv5_block3_3_bn').getWeights()[2]!.dataSync()).toEqual(base.getLayer('conv5_block3_3_bn').getWeights()[2]!.dataSync());
    expect(Array.from(loaded.getLayer('conv1_conv').getWeights()[0]!.dataSync().slice(0, 50))).toEqual(Array.from(base.getLayer('conv1_conv').getWeights()[0]!.dataSync().slice(0, 50)));
    loaded.dispose();
    base.dispose();
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(10));
    await expect(loadModel(dir)).rejects.toThrow(`model ${join(dir, 'model.json')}: the weight files hold 10 bytes, the manifest describes 94350848`);
  }, 60_000);

  it('loads a saved model from an http URL as well as from a folder', async () => {
    const model = buildConvNet({ inputShape: [8, 8, 1], numClasses: 3, filters: [2], backEnd: 'fc-dropout', denseUnits: [4], seed: 9 });
    const dir = join(mkdtempSync(join(tmpdir(), 'tfgym-model-')), 'small');
    await saveModel(model, dir);
    const server = createServer((req, res) => {
      try {
        res.end(readFileSync(join(dir, (req.url ?? '/').slice(1))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.json`;
      const fromUrl = await loadModel(url);
      expect(fromUrl.layers.map((l) => l.getClassName())).toContain('SeededDropout');
      expect(weightsOf(fromUrl)).toEqual(weightsOf(model));
      fromUrl.dispose();
    } finally {
      server.close();
      model.dispose();
    }
  });

  it('freezes the base: training changes only the head; cached features give the same predictions', async () => {
    const data = toyImages(32, 4);
    const pre = buildConvNet({ inputShape: [8, 8, 1], numClasses: 2, filters: [4, 8], backEnd: 'gap', seed: 1 });
    const t = transferModel({ base: pre, cutAt: 'features', numClasses: 2, seed: 2 });
    expect(parameterCounts(t.model).trainable).toBe(8 + 1);
    const before = weightsOf(t.features);
    const headBefore = weightsOf(t.head);
    const cached = extractFeatures(t.features, data);
    expect(cached.shape).toEqual([2, 2, 8]);
    const task = new ClassifierTask({ model: t.head, train: cached, batchSize: 8, learningRate: 0.05, seed: 0 });
    await trainSupervised({ task, epochs: 3, seed: 0 });
    expect(weightsOf(t.features)).toEqual(before);
    expect(weightsOf(t.head)).not.toEqual(headBefore);
    // The full model shares the head's layers: it predicts what the head predicts on cached features.
    const full = evaluateClassifier(t.model, data);
    const head = evaluateClassifier(t.head, cached);
    expect(full.loss).toBeCloseTo(head.loss, 4);
    expect(() => transferModel({ base: pre, cutAt: 'nope', numClasses: 2, seed: 0 })).toThrow(/has no layer "nope"; its last layers are/);
    pre.dispose();
  });
});

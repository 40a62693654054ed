import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { loadCifar10 } from '../../src/supervised/data/cifar.js';
import { ImageDataset, randomShift } from '../../src/supervised/data/dataset.js';
import { loadImageFolder } from '../../src/supervised/data/image_folder.js';
import { loadMnist } from '../../src/supervised/data/mnist.js';
import { samplePerClass, splitDataset, stratifiedSplit } from '../../src/supervised/data/split.js';

describe('stratified splits', () => {
  it('are disjoint, cover every index, keep class proportions and depend only on the seed', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : i < 950 ? 1 : 2));
    const [a, b, c] = stratifiedSplit(labels, [80, 10, 10], 3);
    const all = [...a!, ...b!, ...c!].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const count = (idx: Int32Array, cls: number) => Array.from(idx).filter((i) => labels[i] === cls).length;
    expect([count(a!, 0), count(a!, 1), count(a!, 2)]).toEqual([560, 200, 40]);
    expect([count(b!, 0), count(b!, 1), count(b!, 2)]).toEqual([70, 25, 5]);
    expect(stratifiedSplit(labels, [0.8, 0.1, 0.1], 3).map((x) => Array.from(x))).toEqual([a, b, c].map((x) => Array.from(x!)));
    expect(Array.from(stratifiedSplit(labels, [80, 10, 10], 4)[0]!)).not.toEqual(Array.from(a!));
    expect(() => stratifiedSplit(labels, [0.5, 0.4], 0)).toThrow(new InvalidArgumentError('split fractions must be non-negative and sum to 1 (or percentages summing to 100), got [0.5, 0.4]'));
  });

  it('samples a fixed number per class', () => {
    const labels = Int32Array.from({ length: 30 }, (_, i) => i % 3);
    const idx = samplePerClass(labels, 4, 1);
    expect(idx.length).toBe(12);
    expect([0, 1, 2].map((c) => Array.from(idx).filter((i) => labels[i] === c).length)).toEqual([4, 4, 4]);
    expect(() => samplePerClass(labels, 11, 1)).toThrow(new InvalidArgumentError('class 0 has 10 images; 11 per class were asked for'));
  });
});

describe('MNIST from the mnist package', () => {
  it('holds the 10,000 real digits with every class, in [0, 1]', () => {
    const d = loadMnist();
    expect(d.size).toBe(10_000);
    expect(d.shape).toEqual([28, 28, 1]);
    const counts = d.classCounts();
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(Math.min(...counts)).toBeGreaterThan(800); // the package's 5s: 863, under the 1,000 its set() assumes
    let max = 0;
    for (const v of d.pixels) max = Math.max(max, v);
    expect(max).toBeLessThanOrEqual(1);
    const test = d.subset(stratifiedSplit(d.labels, [80, 20], 0)[1]!);
    expect(test.size).toBe(2000);
    expect(Math.min(...test.classCounts())).toBeGreaterThan(150);
  });
});

describe('image-folder loader', () => {
  it('decodes and resizes JPEG and PNG files per class folder, skips and reports corrupt ones', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tfgym-images-'));
    for (const [cls, colour] of [['cat', { r: 250, g: 10, b: 10 }], ['dog', { r: 10, g: 10, b: 250 }]] as const) {
      mkdirSync(join(root, cls));
      for (let i = 0; i < 5; i++) {
        const img = sharp({ create: { width: 40 + i * 7, height: 30 + i * 3, channels: 3, background: colour } });
        await (i % 2 ? img.png() : img.jpeg()).toFile(join(root, cls, `${i}.${i % 2 ? 'png' : 'jpg'}`));
      }
    }
    writeFileSync(join(root, 'dog', 'broken.jpg'), 'not a jpeg at all');
    writeFileSync(join(root, 'dog', 'notes.txt'), 'ignored');
    const progress: number[] = [];
    const { dataset, paths, skipped } = await loadImageFolder(root, { size: [16, 20], onProgress: (done) => void progress.push(done) });
    expect(dataset.classNames).toEqual(['cat', 'dog']);
    expect(dataset.size).toBe(10);
    expect(dataset.shape).toEqual([16, 20, 3]);
    expect(paths).toHaveLength(10);
    expect(skipped.map((s) => s.path)).toEqual([join(root, 'dog', 'broken.jpg')]);
    expect(skipped[0]!.reason.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(11);
    const batch = dataset.batch([0, 9]);
    expect(batch.shape).toEqual([2, 16, 20, 3]);
    expect(batch.x[0]).toBeGreaterThan(0.9); // red cat, scaled to [0, 1]
    expect(batch.x[16 * 20 * 3 + 2]).toBeGreaterThan(0.9); // blue dog
    expect(Array.from(batch.y)).toEqual([0, 1]);
    const [train, valid, test] = splitDataset(dataset, [60, 20, 20], 0);
    expect([train!.size, valid!.size, test!.size]).toEqual([6, 2, 2]);
    await expect(loadImageFolder(join(root, 'cat'))).rejects.toThrow(/must hold at least 2 class folders/);
  });
});

describe('CIFAR-10 reader', () => {
  it('reads the binary batch format into HWC images and rejects malformed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-cifar-'));
    const rng = new Rng(0);
    const records = 3;
    const buf = new Uint8Array(records * 3073);
    for (let r = 0; r < records; r++) {
      buf[r * 3073] = [3, 5, 9][r]!;
      for (let k = 1; k < 3073; k++) buf[r * 3073 + k] = rng.int(256);
    }
    writeFileSync(join(dir, 'data_batch_1.bin'), buf);
    writeFileSync(join(dir, 'data_batch_2.bin'), buf.subarray(0, 3073));
    const d = loadCifar10([join(dir, 'data_batch_1.bin'), join(dir, 'data_batch_2.bin')]);
    expect(d.size).toBe(4);
    expect(Array.from(d.labels)).toEqual([3, 5, 9, 3]);
    expect(d.classNames[3]).toBe('cat');
    // Pixel (row 2, col 5) of record 1: red, green, blue planes at offset 2*32+5.
    const k = 2 * 32 + 5;
    const at = (1 * 1024 + k) * 3;
    expect([d.pixels[at], d.pixels[at + 1], d.pixels[at + 2]]).toEqual([buf[3073 + 1 + k], buf[3073 + 1 + 1024 + k], buf[3073 + 1 + 2048 + k]]);
    writeFileSync(join(dir, 'short.bin'), buf.subarray(0, 100));
    expect(() => loadCifar10([join(dir, 'short.bin')])).toThrow(new InvalidArgumentError(`CIFAR-10 batch file ${join(dir, 'short.bin')} must be a whole number of 3073-byte records, got 100 bytes`));
  });

  it('random shifts move the image content, keep its values, and repeat under a seed', () => {
    const side = 6;
    const pixels = new Float32Array(side * side);
    pixels[2 * side + 3] = 1; // one bright pixel at (2, 3)
    const d = new ImageDataset({ shape: [side, side, 1], pixels, labels: Int32Array.of(0), classNames: ['a'] });
    const where = (x: Float32Array) => Array.from(x).flatMap((v, i) => (v === 1 ? [[Math.floor(i / side), i % side]] : []));
    const shifted = Array.from({ length: 20 }, (_, k) => where(randomShift(d.batch([0]), 2, new Rng(k)).x));
    for (const p of shifted) {
      expect(p.length).toBeLessThanOrEqual(1);
      if (p.length === 1) expect(Math.abs(p[0]![0]! - 2) <= 2 && Math.abs(p[0]![1]! - 3) <= 2).toBe(true);
    }
    expect(new Set(shifted.map((p) => JSON.stringify(p))).size).toBeGreaterThan(3);
    expect(where(randomShift(d.batch([0]), 2, new Rng(7)).x)).toEqual(where(randomShift(d.batch([0]), 2, new Rng(7)).x));
    expect(where(randomShift(d.batch([0]), 0, new Rng(7)).x)).toEqual([[2, 3]]);
  });

  it('datasets check their inputs', () => {
    expect(() => new ImageDataset({ shape: [2, 2, 1], pixels: new Float32Array(8), labels: Int32Array.of(0, 2), classNames: ['a', 'b'] })).toThrow(
      new InvalidArgumentError('dataset label 1 must be in [0, 1] (2 classes), got 2'),
    );
  });
});

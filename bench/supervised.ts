/**
 * `npm run bench:supervised`: the supervised track's numbers.
 *  1. MNIST small CNN (the `mnist` preset: conv 32-64 + FC 2x100; bench:mnist runs it on seeds 0-4): accuracy on the 20% held-out
 *     test digits (2,001 after per-class rounding) (goal >= 98%) and training images/s on the backend in use.
 *  2. GAP vs FC vs FC + dropout on one conv head: validation accuracy per epoch and parameters.
 *  3. Transfer (frozen base pretrained on digits 0-4, GAP + Dense head on 20 labelled images per
 *     class of 5-9) vs the same architecture from scratch: validation accuracy per epoch.
 *  4. Feature cache: ResNet50 at 100x100x3 frozen, a GAP + Dense head; seconds per epoch training
 *     through the frozen base vs once-extracted features + the head on the cache.
 *  5. Image decoding: sharp vs jpeg-js + a tfjs resize, 500x375 JPEG to 100x100.
 *  6. Initialisation: naive / Xavier / He with sigmoid and ReLU, the MLP 784-100-100-10 on MNIST:
 *     pre-activation variances before training against 784 E[x^2] and 784 Var(x), and validation
 *     accuracy per epoch.
 *
 * Options: --skip mnist,gap,transfer,cache,decode,init  --gap-images N (default 3000)  --json
 * (a run that skips parts writes bench/results/supervised-<parts run>.json)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import sharp from 'sharp';
import { initBackend } from '../src/backend/index.js';
import { Rng } from '../src/core/rng.js';
import { supervisedConfig, SUPERVISED_PRESETS } from '../src/supervised/config.js';
import { ClassifierTask } from '../src/supervised/classifier.js';
import { ImageDataset } from '../src/supervised/data/dataset.js';
import { decodeImage } from '../src/supervised/data/image_folder.js';
import { loadMnist } from '../src/supervised/data/mnist.js';
import { stratifiedSample } from '../src/supervised/data/split.js';
import { gapExperiment } from '../src/supervised/experiments/gap.js';
import { expectedNaiveVariance, initExperiment } from '../src/supervised/experiments/init.js';
import { transferExperiment } from '../src/supervised/experiments/transfer.js';
import { buildResNet50 } from '../src/supervised/models/resnet50.js';
import { extractFeatures, transferModel } from '../src/supervised/models/transfer.js';
import { parameterCounts } from '../src/supervised/models/convnet.js';
import { loadTaskData } from '../src/supervised/data/load.js';
import { runSupervised } from '../src/runs/supervised.js';
import { trainSupervised } from '../src/trainers/supervised.js';
import { printTable, writeResults, type Row } from './report.js';
import { readTidy } from '../src/core/tensors.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SKIP = new Set((arg('--skip') ?? '').split(',').filter(Boolean));
const GAP_IMAGES = Number(arg('--gap-images') ?? 3000);
const results: Record<string, unknown> = {};

async function mnist(): Promise<void> {
  const config = supervisedConfig(SUPERVISED_PRESETS.mnist);
  console.log(`1. MNIST small CNN (${config.filters.join('-')} conv + ${config.backEnd} ${config.denseUnits.join('x')}), ${config.epochs} epochs, split ${config.split.join('/')}, cosine learning-rate decay, random shifts of up to ${config.augmentShift} px; test on the weights of epoch ${config.restoreBest ? 'with the best validation accuracy' : config.epochs}`);
  const s = await runSupervised({ config, runDir: null, progress: false, print: (l) => console.log(`   ${l}`), backend: tf.getBackend() });
  const row: Row = { model: `cnn ${config.filters.join('-')} + ${config.backEnd}`, parameters: s.parameters.total, epochs: s.result.steps, 'evaluated epoch': s.evaluatedEpoch, 'test images': s.testImages, 'test accuracy %': (s.test?.accuracy ?? 0) * 100, 'train images/s': Math.round(s.samplesPerSecond), backend: tf.getBackend() };
  printTable('MNIST: held-out test accuracy and training throughput', [row]);
  results.mnist = { ...row, test: s.test, seconds: s.result.seconds };
}

async function gap(): Promise<void> {
  const data = await loadTaskData(supervisedConfig({ task: 'mnist', split: [70, 10, 20] }));
  const train = stratifiedSample(data.train, GAP_IMAGES, 0);
  const epochs = 5;
  console.log(`\n2. GAP vs FC vs FC + dropout: MNIST, ${train.size} training images, ${data.validation.size} validation, ${epochs} epochs, head 32-32-64`);
  const rows = await gapExperiment({ train, validation: data.validation, epochs, seed: 0, onModel: (b, n) => console.log(`   ${b}: ${n.toLocaleString('en-US')} parameters`) });
  const table: Row[] = rows.map((r) => ({ 'back-end': r.backEnd, parameters: r.parameters, ...Object.fromEntries(r.valAccuracy.map((a, i) => [`val acc % ep ${i + 1}`, a * 100])), 'seconds': r.seconds }));
  printTable('Validation accuracy per epoch by classifier back-end (same head, data, seed)', table);
  results.gap = { trainImages: train.size, validationImages: data.validation.size, epochs, rows };
}

async function transfer(): Promise<void> {
  console.log('\n3. Transfer: digits 0-4 -> 5-9 (20 labelled per class), frozen base + GAP + Dense vs the same architecture from scratch');
  const r = await transferExperiment({ digits: loadMnist(), dir: mkdtempSync(join(tmpdir(), 'tfgym-bench-')), seed: 0, print: (l) => console.log(`   ${l}`) });
  const table: Row[] = [
    { model: 'transfer (frozen base, cached features)', ...Object.fromEntries(r.transfer.map((a, i) => [`ep ${i + 1}`, a * 100])), seconds: r.transferSeconds },
    { model: 'scratch', ...Object.fromEntries(r.scratch.map((a, i) => [`ep ${i + 1}`, a * 100])), seconds: r.scratchSeconds },
  ];
  printTable(`Validation accuracy (%) on held-out digits 5-9, ${r.labelled} labelled images; base pretrained to ${(r.pretrainAccuracy * 100).toFixed(1)}% on 0-4`, table);
  results.transfer = r;
}

async function cache(): Promise<void> {
  const n = 64;
  const epochs = 2;
  console.log(`\n4. Feature cache: ResNet50 (100x100x3, frozen) + GAP + Dense(1), ${n} images, ${epochs} epochs each way`);
  const rng = new Rng(0);
  const data = new ImageDataset({ shape: [100, 100, 3], pixels: Uint8Array.from({ length: n * 30_000 }, () => rng.int(256)), labels: Int32Array.from({ length: n }, (_, i) => i % 2), classNames: ['cat', 'dog'] });
  const base = buildResNet50({ inputShape: [100, 100, 3] });
  const t = transferModel({ base, numClasses: 2, seed: 0 });
  const counts = parameterCounts(t.model);
  console.log(`   parameters: ${counts.total.toLocaleString('en-US')} total, ${counts.trainable.toLocaleString('en-US')} trainable`);
  const through = await trainSupervised({ task: new ClassifierTask({ model: t.model, train: data, batchSize: 16, seed: 0 }), epochs, seed: 0 });
  const t0 = performance.now();
  const features = extractFeatures(t.features, data, 16);
  const extract = (performance.now() - t0) / 1000;
  const head = await trainSupervised({ task: new ClassifierTask({ model: t.head, train: features, batchSize: 16, seed: 0 }), epochs, seed: 0 });
  const perEpochThrough = through.seconds / epochs;
  const perEpochHead = head.seconds / epochs;
  const total = (e: number) => (e * perEpochThrough) / (extract + e * perEpochHead);
  const row: Row = { images: n, 's/epoch through frozen base': perEpochThrough, 'feature extraction s (once)': extract, 's/epoch head on cache': perEpochHead, 'per-epoch speed-up': perEpochThrough / perEpochHead, 'speed-up over 10 epochs': total(10) };
  printTable('Training the head through the frozen ResNet50 vs on cached features', [row]);
  results.cache = { ...row, parameters: counts };
  base.dispose();
}

async function decode(): Promise<void> {
  const rng = new Rng(1);
  const raw = Uint8Array.from({ length: 500 * 375 * 3 }, (_, i) => (((i / 3) % 500) / 2 + rng.int(40)) & 255);
  const file = join(mkdtempSync(join(tmpdir(), 'tfgym-bench-')), 'photo.jpg');
  await sharp(raw, { raw: { width: 500, height: 375, channels: 3 } }).jpeg({ quality: 90 }).toFile(file);
  const { readFileSync } = await import('node:fs');
  const reps = 40;
  const time = async (f: () => Promise<void> | void): Promise<number> => {
    await f();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) await f();
    return (performance.now() - t0) / reps;
  };
  const viaSharp = await time(async () => void (await decodeImage(file, 100, 100, 3)));
  const viaJpegJs = await time(() => {
    const img = jpeg.decode(readFileSync(file), { useTArray: true });
    readTidy(() => tf.image.resizeBilinear(tf.tensor3d(img.data, [img.height, img.width, 4]).slice([0, 0, 0], [-1, -1, 3]) as tf.Tensor3D, [100, 100]));
  });
  const rows: Row[] = [
    { decoder: 'sharp (decode + resize)', 'ms per 500x375 JPEG': viaSharp },
    { decoder: 'jpeg-js + tf.image.resizeBilinear', 'ms per 500x375 JPEG': viaJpegJs },
  ];
  printTable('Image decoding to 100x100 (the image-folder loader uses sharp)', rows);
  results.decode = { rows, speedup: viaJpegJs / viaSharp };
}

async function init(): Promise<void> {
  const data = await loadTaskData(supervisedConfig({ task: 'mnist', split: [70, 10, 20] }));
  const epochs = 3;
  const probe = data.validation.batch(Int32Array.from({ length: 500 }, (_, i) => i));
  const expected = expectedNaiveVariance(probe, 784);
  console.log(`\n6. Initialisation: MLP 784-100-100-10, ${data.train.size} training images, ${epochs} epochs; input Var(x) ${expected.inputVariance.toFixed(4)}, E[x^2] ${expected.inputSecondMoment.toFixed(4)}`);
  const r = await initExperiment({ ...data, epochs, seed: 0 });
  const rows: Row[] = r.map((x) => ({
    scenario: x.name, 'layer 1 var at init': x.preActivationVariance[0]?.[0] ?? null, 'layer 2': x.preActivationVariance[0]?.[1] ?? null, 'layer 3': x.preActivationVariance[0]?.[2] ?? null,
    ...Object.fromEntries(x.valAccuracy.map((a, i) => [`val acc % ep ${i + 1}`, a * 100])),
  }));
  printTable(`Pre-activation variance before training (probe of 500 digits) and validation accuracy; naive layer 1 expects 784 E[x^2] = ${expected.exact.toFixed(1)} (784 Var(x) = ${expected.tutorial.toFixed(1)})`, rows);
  results.init = { expected, epochs, scenarios: r.map(({ initialPreActivations: _, ...rest }) => rest) };
}

const backend = await initBackend();
console.log(`bench:supervised on ${backend.name}`);
const PARTS = [['mnist', mnist], ['gap', gap], ['transfer', transfer], ['cache', cache], ['decode', decode], ['init', init]] as const;
const run = PARTS.filter(([name]) => !SKIP.has(name));
for (const [, fn] of run) await fn();
writeResults(SKIP.size ? `supervised-${run.map(([name]) => name).join('-')}` : 'supervised', { backend: backend.name, ...results });

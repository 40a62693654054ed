/**
 * An in-memory labelled image dataset: pixels in one typed array (row-major NHWC), one integer
 * label per image. Pixels are float32 already scaled to [0, 1] (MNIST) or bytes 0-255 (decoded
 * files, CIFAR; 4x less memory), scaled to [0, 1] when a batch is made.
 */
import { InvalidArgumentError, describe } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';

export interface ImageDatasetOptions {
  /** [height, width, channels] of every image. */
  shape: readonly [number, number, number];
  pixels: Float32Array | Uint8Array;
  labels: Int32Array;
  /** Names of the classes; label i is `classNames[i]`. */
  classNames: readonly string[];
}

/** One batch: images scaled to [0, 1] and their labels. */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  /** [batch, height, width, channels]. */
  shape: [number, number, number, number];
}

export class ImageDataset {
  readonly shape: readonly [number, number, number];
  readonly pixels: Float32Array | Uint8Array;
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  /** Numbers per image. */
  readonly imageSize: number;

  constructor(o: ImageDatasetOptions) {
    const [h, w, c] = o.shape;
    if (![h, w, c].every((v) => Number.isSafeInteger(v) && v > 0)) throw new InvalidArgumentError(`dataset shape must be three positive integers [height, width, channels], got ${describe(o.shape)}`);
    this.imageSize = h * w * c;
    if (o.pixels.length !== o.labels.length * this.imageSize) {
      throw new InvalidArgumentError(`dataset pixels must hold labels.length x ${this.imageSize} = ${o.labels.length * this.imageSize} numbers, got ${o.pixels.length}`);
    }
    const k = o.classNames.length;
    const bad = o.labels.findIndex((l) => !(l >= 0 && l < k));
    if (bad >= 0) throw new InvalidArgumentError(`dataset label ${bad} must be in [0, ${k - 1}] (${k} classes), got ${o.labels[bad]}`);
    this.shape = o.shape;
    this.pixels = o.pixels;
    this.labels = o.labels;
    this.classNames = o.classNames;
  }

  get size(): number {
    return this.labels.length;
  }

  get numClasses(): number {
    return this.classNames.length;
  }

  /** Images per class. */
  classCounts(): number[] {
    const counts = new Array<number>(this.numClasses).fill(0);
    for (const l of this.labels) counts[l] = (counts[l] as number) + 1;
    return counts;
  }

  /** A new dataset of the images at `indices` (copied), optionally relabelled by `relabel`. */
  subset(indices: ArrayLike<number>, relabel?: { map: (label: number) => number; classNames: readonly string[] }): ImageDataset {
    const n = indices.length;
    const pixels = this.pixels instanceof Uint8Array ? new Uint8Array(n * this.imageSize) : new Float32Array(n * this.imageSize);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = indices[i] as number;
      if (!(Number.isInteger(k) && k >= 0 && k < this.size)) throw new InvalidArgumentError(`subset index ${i} must be an image index in [0, ${this.size - 1}], got ${describe(k)}`);
      pixels.set(this.pixels.subarray(k * this.imageSize, (k + 1) * this.imageSize), i * this.imageSize);
      labels[i] = relabel ? relabel.map(this.labels[k] as number) : (this.labels[k] as number);
    }
    return new ImageDataset({ shape: this.shape, pixels, labels, classNames: relabel?.classNames ?? this.classNames });
  }

  /** The images at `indices` as one batch scaled to [0, 1]. */
  batch(indices: ArrayLike<number>): Batch {
    const n = indices.length;
    const x = new Float32Array(n * this.imageSize);
    const y = new Int32Array(n);
    const scale = this.pixels instanceof Uint8Array ? 1 / 255 : 1;
    for (let i = 0; i < n; i++) {
      const k = indices[i] as number;
      const src = this.pixels.subarray(k * this.imageSize, (k + 1) * this.imageSize);
      const off = i * this.imageSize;
      for (let j = 0; j < src.length; j++) x[off + j] = (src[j] as number) * scale;
      y[i] = this.labels[k] as number;
    }
    return { x, y, shape: [n, ...this.shape] };
  }

  /**
   * Index lists of one epoch's batches: shuffled with `rng` (or in order without it), the last
   * batch smaller when the size does not divide.
   */
  batchIndices(batchSize: number, rng?: Rng): Int32Array[] {
    if (!(Number.isSafeInteger(batchSize) && batchSize > 0)) throw new InvalidArgumentError(`batch size must be a positive integer, got ${describe(batchSize)}`);
    const order = Int32Array.from({ length: this.size }, (_, i) => i);
    if (rng) rng.shuffle(order);
    const out: Int32Array[] = [];
    for (let s = 0; s < order.length; s += batchSize) out.push(order.slice(s, s + batchSize));
    return out;
  }
}

/**
 * Shifts every image of a batch by a random whole number of pixels in [-maxShift, maxShift] on
 * each axis (filling with 0), in place: the classic augmentation for digits. Draws from `rng`.
 */
export function randomShift(batch: Batch, maxShift: number, rng: Rng): Batch {
  if (maxShift <= 0) return batch;
  const [n, h, w, c] = batch.shape;
  const size = h * w * c;
  const tmp = new Float32Array(size);
  for (let i = 0; i < n; i++) {
    const dy = rng.int(2 * maxShift + 1) - maxShift;
    const dx = rng.int(2 * maxShift + 1) - maxShift;
    const img = batch.x.subarray(i * size, (i + 1) * size);
    tmp.fill(0);
    for (let y = 0; y < h; y++) {
      const sy = y - dy;
      if (sy < 0 || sy >= h) continue;
      for (let x = 0; x < w; x++) {
        const sx = x - dx;
        if (sx < 0 || sx >= w) continue;
        for (let k = 0; k < c; k++) tmp[(y * w + x) * c + k] = img[(sy * w + sx) * c + k] as number;
      }
    }
    img.set(tmp);
  }
  return batch;
}

/**
 * Callbacks of supervised runs: model checkpoints (every epoch, the last k kept, plus the best
 * by a monitored metric), early stopping, and sample predictions shown in the live viewer and
 * written to TensorBoard as an image grid.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import type { EventOf } from '../core/events.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { LiveRenderer } from '../render/live.js';
import type { Callback, RunContext } from '../trainers/callback.js';
import type { TensorBoardLogger } from '../trainers/callbacks/loggers.js';
import { predictClasses } from './classifier.js';
import type { ImageDataset } from './data/dataset.js';
import { saveModel } from './models/io.js';

/**
 * Whether `value` of `metric` improves on `best` (NaN: nothing yet) by more than `minDelta`:
 * larger is better for accuracies, smaller for losses.
 */
function improves(metric: string, value: number, best: number, minDelta = 0): boolean {
  return Number.isNaN(best) || (/acc/.test(metric) ? 1 : -1) * (value - best) > minDelta;
}

export interface ModelCheckpointOptions {
  dir: string;
  model: tf.LayersModel;
  /** Checkpoints kept. Default 3. */
  keep?: number;
  /** Also keep the model with the best value of this epoch metric in `dir/../best`. Default `val/accuracy`. */
  monitor?: string | null;
}

/** Saves the model after every epoch as `dir/epoch-000N` (atomically), keeps the newest `keep`, and the best as `best`. */
export class ModelCheckpoint implements Callback {
  private best = Number.NaN;
  /** The newest checkpoint folder. */
  last: string | null = null;
  bestPath: string | null = null;

  constructor(private readonly o: ModelCheckpointOptions) {
    if (!(Number.isSafeInteger(o.keep ?? 3) && (o.keep ?? 3) > 0)) throw new InvalidArgumentError(`checkpoint keep must be a positive integer, got ${describe(o.keep)}`);
  }

  async onEpochEnd(e: EventOf<'epochEnd'>): Promise<void> {
    mkdirSync(this.o.dir, { recursive: true });
    this.last = await saveModel(this.o.model, join(this.o.dir, `epoch-${String(e.epoch).padStart(4, '0')}`));
    const old = readdirSync(this.o.dir).filter((d) => /^epoch-\d+$/.test(d)).sort();
    for (const d of old.slice(0, Math.max(0, old.length - (this.o.keep ?? 3)))) rmSync(join(this.o.dir, d), { recursive: true, force: true });
    const monitor = this.o.monitor === undefined ? 'val/accuracy' : this.o.monitor;
    const v = monitor ? e.metrics[monitor] : undefined;
    if (monitor && v !== undefined && Number.isFinite(v) && improves(monitor, v, this.best)) {
      this.best = v;
      this.bestPath = await saveModel(this.o.model, join(this.o.dir, '..', 'best'));
    }
  }
}

export interface EarlyStoppingOptions {
  /** Epoch metric to watch. Default `val/loss`. */
  monitor?: string;
  /** Epochs without improvement before stopping. Default 3. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
}

/** Stops the run when the monitored metric has not improved for `patience` epochs (Keras' EarlyStopping). */
export class EarlyStopping implements Callback {
  private best = Number.NaN;
  private wait = 0;
  readonly monitor: string;
  private readonly patience: number;
  private readonly minDelta: number;

  constructor(o: EarlyStoppingOptions = {}) {
    this.monitor = o.monitor ?? 'val/loss';
    this.patience = o.patience ?? 3;
    this.minDelta = o.minDelta ?? 0;
    if (!(Number.isSafeInteger(this.patience) && this.patience > 0)) throw new InvalidArgumentError(`early stopping patience must be a positive integer, got ${describe(o.patience)}`);
  }

  onEpochEnd(e: EventOf<'epochEnd'>, ctx: RunContext): void {
    const v = e.metrics[this.monitor];
    if (v === undefined) throw new InvalidArgumentError(`early stopping monitors ${describe(this.monitor)}, which the run does not report; it reports ${Object.keys(e.metrics).join(', ')}`);
    if (improves(this.monitor, v, this.best, this.minDelta)) {
      this.best = v;
      this.wait = 0;
    } else if (++this.wait >= this.patience) {
      ctx.stop(`${this.monitor} did not improve for ${this.patience} epochs (best ${this.best.toPrecision(4)})`);
    }
  }
}

/**
 * Keeps a copy of the weights at the best value of an epoch metric and puts them back on
 * `restore()` (Keras' `restore_best_weights`), so the final evaluation uses the epoch that
 * validated best rather than the last one.
 */
export class BestWeights implements Callback {
  private best = Number.NaN;
  private weights: tf.Tensor[] | null = null;
  /** The epoch whose weights are kept (0: none yet). */
  epoch = 0;

  constructor(private readonly model: tf.LayersModel, readonly monitor = 'val/accuracy') {}

  onEpochEnd(e: EventOf<'epochEnd'>): void {
    const v = e.metrics[this.monitor];
    if (v === undefined || !Number.isFinite(v)) return;
    if (improves(this.monitor, v, this.best)) {
      this.best = v;
      this.epoch = e.epoch;
      const fresh = this.model.getWeights().map((w) => w.clone());
      if (this.weights) for (const w of this.weights) w.dispose();
      this.weights = fresh;
    }
  }

  /** Puts the best weights back (no-op before any epoch) and frees the copies. */
  restore(): void {
    if (!this.weights) return;
    this.model.setWeights(this.weights);
    for (const w of this.weights) w.dispose();
    this.weights = null;
  }
}

export interface SamplePredictionsOptions {
  model: tf.LayersModel;
  /** The images shown (a few, e.g. 16 from the validation set). */
  samples: ImageDataset;
  live?: LiveRenderer | null;
  tensorboard?: TensorBoardLogger | null;
}

/** After every epoch: the samples with labels and predictions to the live viewer, and as a grid image to TensorBoard. */
export class SamplePredictions implements Callback {
  constructor(private readonly o: SamplePredictionsOptions) {}

  async onEpochEnd(e: EventOf<'epochEnd'>): Promise<void> {
    const { samples } = this.o;
    const idx = Int32Array.from({ length: samples.size }, (_, i) => i);
    const batch = samples.batch(idx);
    const predictions = predictClasses(this.o.model, batch);
    const [h, w, c] = samples.shape;
    const grey = (i: number): number[] => Array.from({ length: h * w }, (_, p) => {
      let s = 0;
      for (let k = 0; k < c; k++) s += batch.x[(i * h * w + p) * c + k] as number;
      return Math.round((255 * s) / c);
    });
    this.o.live?.samples(e.epoch, Array.from(idx, (i) => ({ width: w, height: h, pixels: grey(i), label: samples.labels[i] as number, prediction: predictions[i] as number })));
    if (this.o.tensorboard) {
      const { png, height, width } = await gridPng(batch.x, samples.size, [h, w, c]);
      this.o.tensorboard.image('samples/images', png, { height, width, channels: c === 1 ? 1 : 3 }, e.epoch);
    }
  }
}

/** Tiles `n` images (values in [0, 1]) into one PNG, 8 per row. */
export async function gridPng(x: Float32Array, n: number, [h, w, c]: readonly [number, number, number]): Promise<{ png: Uint8Array; height: number; width: number }> {
  const cols = Math.min(8, n);
  const rows = Math.ceil(n / cols);
  const height = rows * h;
  const width = cols * w;
  const raw = new Uint8Array(height * width * c);
  for (let i = 0; i < n; i++) {
    const r0 = Math.floor(i / cols) * h;
    const c0 = (i % cols) * w;
    for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let k = 0; k < c; k++) {
      raw[((r0 + y) * width + c0 + xx) * c + k] = Math.round(255 * Math.min(1, Math.max(0, x[((i * h + y) * w + xx) * c + k] as number)));
    }
  }
  const png = await sharp(raw, { raw: { width, height, channels: c as 1 | 3 } }).png().toBuffer();
  return { png: new Uint8Array(png), height, width };
}

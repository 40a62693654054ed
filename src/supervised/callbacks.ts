/**
 * Callbacks of supervised runs: early stopping, the best epoch's weights, and sample predictions
 * reported as `samples` events (which the live viewer and TensorBoard subscribe to). Model
 * checkpoints, which write files, are in `model_checkpoint.ts`.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EventOf } from '../core/events.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { Callback, RunContext } from '../trainers/callback.js';
import { predictClasses } from './classifier.js';
import type { Batch, ImageDataset } from './data/dataset.js';

/**
 * Whether `value` of `metric` improves on `best` (NaN: nothing yet) by more than `minDelta`:
 * larger is better for accuracies, smaller for losses.
 */
export function improves(metric: string, value: number, best: number, minDelta = 0): boolean {
  return Number.isNaN(best) || (/acc/.test(metric) ? 1 : -1) * (value - best) > minDelta;
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
}

/**
 * After every epoch: the samples with their labels and the model's predictions, as a `samples`
 * event (the live viewer shows it, TensorBoard writes it as a grid image).
 */
export class SamplePredictions implements Callback {
  private readonly batch: Batch;
  private readonly pixels: Uint8Array[];

  constructor(private readonly o: SamplePredictionsOptions) {
    const { samples } = o;
    this.batch = samples.batch(Int32Array.from({ length: samples.size }, (_, i) => i));
    const size = samples.shape[0] * samples.shape[1] * samples.shape[2];
    this.pixels = Array.from({ length: samples.size }, (_, i) =>
      Uint8Array.from(this.batch.x.subarray(i * size, (i + 1) * size), (v) => Math.round(255 * Math.min(1, Math.max(0, v)))));
  }

  async onEpochEnd(e: EventOf<'epochEnd'>, ctx: RunContext): Promise<void> {
    const { samples } = this.o;
    const predictions = predictClasses(this.o.model, this.batch);
    const [height, width, channels] = samples.shape;
    await ctx.emit({
      type: 'samples', step: e.epoch,
      images: this.pixels.map((pixels, i) => ({ width, height, channels: channels === 1 ? 1 : 3, pixels, label: samples.labels[i] as number, prediction: predictions[i] as number })),
    });
  }
}

/**
 * Keras-style streaming metrics: `updateState` folds in a batch, `result` reads the value so far,
 * `resetStates` starts over (at each epoch). They work on plain arrays read back from the model
 * (predictions as rows of class probabilities or logits, or one sigmoid output per row), so a
 * metric never holds a tensor.
 */
import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';
import { meanStd } from '../core/stats.js';

export interface Metric {
  readonly name: string;
  /** Folds in one batch: integer labels and the model's outputs (`yPred.length / yTrue.length` per row). */
  updateState(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void;
  result(): number;
  resetStates(): void;
}

function checkRows(name: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = yTrue.length;
  if (n === 0 || yPred.length % n !== 0) throw new InvalidArgumentError(`${name}: predictions must hold a whole row per label (${n} labels), got ${yPred.length} numbers`);
  return yPred.length / n;
}

/** The (weighted) mean of the values given, e.g. the batch losses of an epoch. */
export class Mean implements Metric {
  private total = 0;
  private count = 0;
  constructor(readonly name = 'mean') {}

  /** Adds `value` with `weight` (e.g. a batch loss weighted by the batch size). */
  add(value: number, weight = 1): void {
    this.total += value * weight;
    this.count += weight;
  }

  updateState(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.add(values[i] as number);
  }

  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  resetStates(): void {
    this.total = 0;
    this.count = 0;
  }
}

/** The index of the largest of the `k` outputs in row `i` (the first on ties). */
export function rowArgmax(values: ArrayLike<number>, i: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if ((values[i * k + j] as number) > (values[i * k + best] as number)) best = j;
  return best;
}

/** A share of rows judged correct, accumulated over batches. */
abstract class RateMetric implements Metric {
  private correct = 0;
  private count = 0;
  constructor(readonly name: string) {}

  /** Whether row `i` of the batch is correct. */
  protected abstract isCorrect(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, i: number, width: number): boolean;

  updateState(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
    const width = this.checkWidth(checkRows(this.name, yTrue, yPred));
    for (let i = 0; i < yTrue.length; i++) if (this.isCorrect(yTrue, yPred, i, width)) this.correct += 1;
    this.count += yTrue.length;
  }

  protected checkWidth(width: number): number {
    return width;
  }

  result(): number {
    return this.count === 0 ? 0 : this.correct / this.count;
  }

  resetStates(): void {
    this.correct = 0;
    this.count = 0;
  }
}

/** Share of rows whose largest output is the label (Keras' SparseCategoricalAccuracy). */
export class SparseCategoricalAccuracy extends RateMetric {
  constructor(name = 'accuracy') {
    super(name);
  }

  protected isCorrect(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, i: number, k: number): boolean {
    return rowArgmax(yPred, i, k) === yTrue[i];
  }
}

/** Share of rows where `prediction > threshold` equals the 0/1 label (Keras' BinaryAccuracy). */
export class BinaryAccuracy extends RateMetric {
  constructor(name = 'accuracy', private readonly threshold = 0.5) {
    super(name);
  }

  protected override checkWidth(width: number): number {
    if (width !== 1) throw new InvalidArgumentError(`${this.name}: binary accuracy takes one output per row, got ${width}`);
    return width;
  }

  protected isCorrect(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, i: number): boolean {
    return ((yPred[i] as number) > this.threshold ? 1 : 0) === yTrue[i];
  }
}

/** The right accuracy for a classifier's output width: binary for one sigmoid unit, else sparse categorical. */
export function accuracyFor(outputs: number, name = 'accuracy'): Metric {
  return outputs === 1 ? new BinaryAccuracy(name) : new SparseCategoricalAccuracy(name);
}

/**
 * The tutorial's custom metric: the standard deviation of a layer's kernel, read when `result` is
 * called (it ignores labels and predictions), to watch weights spread during training.
 */
export class KernelStd implements Metric {
  readonly name: string;
  constructor(private readonly layer: tf.layers.Layer) {
    this.name = `${layer.name}/kernel_std`;
    if (layer.getWeights().length === 0) throw new InvalidArgumentError(`KernelStd: layer ${layer.name} has no weights`);
  }

  updateState(): void {}

  result(): number {
    return meanStd((this.layer.getWeights()[0] as tf.Tensor).dataSync()).std;
  }

  resetStates(): void {}
}

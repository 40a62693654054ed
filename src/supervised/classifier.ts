/**
 * Image classification as a {@link SupervisedTask}: a tfjs layers model trained on an
 * {@link ImageDataset} with Adam, shuffled seeded batches, and per-epoch validation. Batch metrics
 * are `train/loss` and `train/accuracy`; epoch metrics add `val/loss`, `val/accuracy` and any
 * extra {@link Metric}s (e.g. a kernel's standard deviation).
 */
import * as tf from '@tensorflow/tfjs';
import type { Metrics } from '../core/agent.js';
import { checkValue } from '../core/config.js';
import { InvalidArgumentError, NonFiniteLossError, describe } from '../core/errors.js';
import { LEARNING_RATE, makeSchedule, type Schedule, type ScheduledValue } from '../core/schedules.js';
import { Rng } from '../core/rng.js';
import type { SupervisedTask } from '../trainers/supervised.js';
import { randomShift, type Batch, type ImageDataset } from './data/dataset.js';
import { Mean, accuracyFor, rowArgmax, type Metric } from './metrics.js';
import { readTidy } from '../core/tensors.js';

export interface ClassifierTaskOptions {
  /** Name for logs. Default `classifier`. */
  name?: string;
  model: tf.LayersModel;
  train: ImageDataset;
  validation?: ImageDataset;
  /** Images per batch. Default 32. */
  batchSize?: number;
  /**
   * Adam's learning rate: a number, or a schedule over epochs (read at every batch, so epoch 2.5
   * is half-way through the third), e.g. `{ kind: 'cosine', start: 1e-3, end: 1e-4 }`, which
   * without `steps` spans `epochs`. Default 1e-3.
   */
  learningRate?: ScheduledValue;
  /** Epochs the run will take (for schedules that span the run). */
  epochs?: number;
  /** Shift training images by up to this many pixels at random (augmentation). Default 0. */
  augmentShift?: number;
  /** Extra metrics read at every epoch end. */
  metrics?: Metric[];
  seed: number;
}


/** Mean cross-entropy and accuracy of `model` on `data` (batched, no gradient, no tensors kept). */
export function evaluateClassifier(model: tf.LayersModel, data: ImageDataset, batchSize = 256): { loss: number; accuracy: number } {
  const outputs = outputWidth(model);
  const loss = new Mean('loss');
  const accuracy = accuracyFor(outputs);
  for (const idx of data.batchIndices(batchSize)) {
    const b = data.batch(idx);
    const pred = predict(model, b);
    accuracy.updateState(b.y, pred);
    for (let i = 0; i < b.y.length; i++) {
      const y = b.y[i] as number;
      const p = outputs === 1 ? (y === 1 ? (pred[i] as number) : 1 - (pred[i] as number)) : (pred[i * outputs + y] as number);
      loss.add(-Math.log(Math.max(p, 1e-7)));
    }
  }
  return { loss: loss.result(), accuracy: accuracy.result() };
}

/** The model's outputs for a batch, read back (no tensors kept). */
function predict(model: tf.LayersModel, b: Batch): Float32Array {
  return readTidy(() => model.predict(tf.tensor4d(b.x, b.shape)) as tf.Tensor);
}

/** Predicted class of every image of a batch. */
export function predictClasses(model: tf.LayersModel, b: Batch): Int32Array {
  const pred = predict(model, b);
  const k = outputWidth(model);
  return Int32Array.from({ length: b.y.length }, (_, i) => (k === 1 ? ((pred[i] as number) > 0.5 ? 1 : 0) : rowArgmax(pred, i, k)));
}

function outputWidth(model: tf.LayersModel): number {
  const shape = model.outputs[0]?.shape ?? [];
  return (shape[shape.length - 1] as number | null) ?? 1;
}

export class ClassifierTask implements SupervisedTask {
  readonly name: string;
  readonly model: tf.LayersModel;
  private readonly train: ImageDataset;
  private readonly validation: ImageDataset | null;
  private readonly batchSize: number;
  private readonly rng: Rng;
  private readonly augmentRng: Rng;
  private readonly extra: Metric[];
  private order: Int32Array[] = [];
  private updates = 0;
  private readonly optimizer: tf.AdamOptimizer;
  private readonly learningRate: Schedule;
  private readonly augmentShift: number;

  constructor(o: ClassifierTaskOptions) {
    this.name = o.name ?? 'classifier';
    this.model = o.model;
    this.train = o.train;
    this.validation = o.validation ?? null;
    this.batchSize = o.batchSize ?? 32;
    if (!(Number.isSafeInteger(this.batchSize) && this.batchSize > 0)) throw new InvalidArgumentError(`batchSize must be a positive integer, got ${describe(o.batchSize)}`);
    this.learningRate = makeSchedule(checkValue('learningRate', LEARNING_RATE, o.learningRate ?? 1e-3), o.epochs, 'learningRate');
    const outputs = outputWidth(o.model);
    const expected = o.train.numClasses === 2 ? 1 : o.train.numClasses;
    if (outputs !== expected) throw new InvalidArgumentError(`model ${o.model.name} has ${outputs} outputs; ${o.train.numClasses} classes need ${expected}`);
    const inShape = o.model.inputs[0]?.shape.slice(1) ?? [];
    if (JSON.stringify(inShape) !== JSON.stringify([...o.train.shape])) throw new InvalidArgumentError(`model ${o.model.name} takes images of shape ${JSON.stringify(inShape)}, the data has ${JSON.stringify(o.train.shape)}`);
    this.optimizer = tf.train.adam(this.learningRate(0));
    this.augmentShift = o.augmentShift ?? 0;
    if (!(Number.isSafeInteger(this.augmentShift) && this.augmentShift >= 0)) throw new InvalidArgumentError(`augmentShift must be a non-negative integer, got ${describe(o.augmentShift)}`);
    o.model.compile({ optimizer: this.optimizer, loss: outputs === 1 ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    this.rng = new Rng(o.seed).child('batches');
    this.augmentRng = new Rng(o.seed).child('augment');
    this.extra = o.metrics ?? [];
  }

  batchesPerEpoch(): number {
    return Math.ceil(this.train.size / this.batchSize);
  }

  /** The Adam rate in use (tfjs keeps it in a field its typings do not show). */
  private get rate(): number {
    return (this.optimizer as unknown as { learningRate: number }).learningRate;
  }

  private set rate(value: number) {
    (this.optimizer as unknown as { learningRate: number }).learningRate = value;
  }

  async trainBatch(epoch: number, batch: number): Promise<Metrics> {
    if (batch === 0) this.order = this.train.batchIndices(this.batchSize, this.rng);
    this.rate = this.learningRate(epoch + batch / this.order.length);
    const b = randomShift(this.train.batch(this.order[batch] as Int32Array), this.augmentShift, this.augmentRng);
    const x = tf.tensor4d(b.x, b.shape);
    const y = tf.tensor2d(Float32Array.from(b.y), [b.y.length, 1]);
    let out: number | number[];
    try {
      out = await this.model.trainOnBatch(x, y);
    } finally {
      tf.dispose([x, y]);
    }
    const [loss, accuracy] = Array.isArray(out) ? out : [out, Number.NaN];
    this.updates += 1;
    if (!Number.isFinite(loss)) throw new NonFiniteLossError(`${this.name} loss became ${loss} at batch ${this.updates}`);
    return { 'train/loss': loss as number, 'train/accuracy': accuracy as number, 'train/learning_rate': this.rate };
  }

  endEpoch(): Metrics {
    const out: Metrics = {};
    if (this.validation) {
      const v = evaluateClassifier(this.model, this.validation);
      out['val/loss'] = v.loss;
      out['val/accuracy'] = v.accuracy;
    }
    for (const m of this.extra) out[m.name] = m.result();
    return out;
  }
}

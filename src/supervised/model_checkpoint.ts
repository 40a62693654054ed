/** Model checkpoints of supervised runs (Node.js: they write files). */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, describe } from '../core/errors.js';
import type { EventOf } from '../core/events.js';
import type { Callback } from '../trainers/callback.js';
import { improves } from './callbacks.js';
import { saveModel } from './models/io.js';

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

/**
 * Supervised training on the same loop shell and callbacks as RL: epochs of batches, reported as
 * `batchEnd` and `epochEnd` events (so the same loggers, progress bar, TensorBoard writer and
 * stop conditions serve both).
 */
import type { Metrics } from '../core/agent.js';
import { InvalidArgumentError, describe } from '../core/errors.js';
import { describeRun, runLoop, type RunOptions, type TrainResult } from './loop.js';

/** What supervised training needs from a model and its data. */
export interface SupervisedTask {
  /** Name for logs, e.g. `polynomial`. */
  readonly name: string;
  /** Number of batches in one epoch. */
  batchesPerEpoch(): number;
  /** Trains on batch `batch` of `epoch`; returns metrics such as `train/loss`. */
  trainBatch(epoch: number, batch: number): Metrics | Promise<Metrics>;
  /** Metrics at the end of an epoch (e.g. validation loss and accuracy). */
  endEpoch?(epoch: number): Metrics | Promise<Metrics>;
}

export interface TrainSupervisedOptions extends RunOptions {
  task: SupervisedTask;
  epochs: number;
}

export async function trainSupervised(options: TrainSupervisedOptions): Promise<TrainResult> {
  const { task, epochs } = options;
  if (!(Number.isSafeInteger(epochs) && epochs > 0)) throw new InvalidArgumentError(`trainSupervised epochs must be a positive integer, got ${describe(epochs)}`);
  const run = describeRun(options, { kind: 'supervised', task: task.name, algorithm: task.name, total: epochs, start: 0 });
  let epoch = 0;
  return runLoop(run, { ...(options.callbacks ? { callbacks: options.callbacks } : {}), ...(options.signal ? { signal: options.signal } : {}), position: () => epoch }, async ({ ctx, shouldStop, yieldNow }) => {
    let step = 0;
    let last: Metrics = {};
    while (epoch < epochs && shouldStop() === null) {
      const sums: Metrics = {};
      const n = task.batchesPerEpoch();
      for (let b = 0; b < n; b++) {
        const metrics = await task.trainBatch(epoch, b);
        step += 1;
        for (const [k, v] of Object.entries(metrics)) sums[k] = (sums[k] ?? 0) + v / n;
        await ctx.emit({ type: 'batchEnd', epoch: epoch + 1, batch: b + 1, step, metrics });
      }
      epoch += 1;
      last = { ...sums, ...((await task.endEpoch?.(epoch)) ?? {}) };
      await ctx.emit({ type: 'epochEnd', epoch, step, metrics: last });
      await yieldNow();
    }
    return { step: epoch, summary: { batches: step, metrics: last } };
  });
}

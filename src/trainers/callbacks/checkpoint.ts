/**
 * Writes checkpoints every `every` env steps (at the first episode end after the mark, so that a
 * resume continues exactly), keeps the newest `keep`, and writes a final one when the run is
 * interrupted (Ctrl-C) or completes. A run that fails (NaN loss) writes nothing more: the last
 * good checkpoint stays the newest.
 */
import type { EventOf } from '../../core/events.js';
import { InvalidArgumentError, describe } from '../../core/errors.js';
import type { Callback, RunContext } from '../callback.js';
import { pruneCheckpoints, removeUnfinishedCheckpoints, writeCheckpoint } from '../checkpoint_io.js';

export interface CheckpointOptions {
  dir: string;
  /** Env steps between checkpoints. Default 10,000. */
  every?: number;
  /** How many checkpoints to keep. Default 3. */
  keep?: number;
  /** Called with each written path. */
  onWrite?: (path: string) => void;
}

export class CheckpointCallback implements Callback {
  readonly dir: string;
  private readonly every: number;
  private readonly keep: number;
  private next = 0;
  /** The newest checkpoint written by this callback. */
  last: string | null = null;

  constructor(private readonly options: CheckpointOptions) {
    this.dir = options.dir;
    this.every = options.every ?? 10_000;
    this.keep = options.keep ?? 3;
    if (!(Number.isSafeInteger(this.every) && this.every > 0)) throw new InvalidArgumentError(`checkpoint every must be a positive integer, got ${describe(options.every)}`);
    if (!(Number.isSafeInteger(this.keep) && this.keep > 0)) throw new InvalidArgumentError(`checkpoint keep must be a positive integer, got ${describe(options.keep)}`);
  }

  onRunStart(e: EventOf<'runStart'>): void {
    this.next = e.run.start + this.every;
    removeUnfinishedCheckpoints(this.options.dir); // left by a run killed mid-write
  }

  onEpisodeEnd(e: EventOf<'episodeEnd'>, ctx: RunContext): void {
    if (e.step >= this.next) {
      this.save(ctx);
      this.next = e.step + this.every;
    }
  }

  onRunEnd(e: EventOf<'runEnd'>, ctx: RunContext): void {
    if (e.reason === 'interrupted' || e.reason === 'completed' || e.reason === 'stopped') this.save(ctx);
  }

  private save(ctx: RunContext): void {
    const snapshot = ctx.snapshot();
    if (!snapshot) return;
    this.last = writeCheckpoint(this.dir, snapshot);
    pruneCheckpoints(this.dir, this.keep);
    this.options.onWrite?.(this.last);
  }
}

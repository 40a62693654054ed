/**
 * What every run writes and shows, RL and supervised alike: the run folder (created, its JSON
 * files written atomically), the JSONL/CSV and TensorBoard logs, the live viewer (a consumer of the
 * trainer's events), and the progress bar or progress lines. One implementation for both tracks.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveRenderer } from '../render/live.js';
import { closeViewer, openViewer, type RenderOptions } from '../render/run_viewer.js';
import type { RenderServer } from '../render/server.js';
import type { Callback } from '../trainers/callback.js';
import { FileLogger, TensorBoardLogger } from '../trainers/callbacks/loggers.js';
import { ConsoleLogger } from '../trainers/callbacks/recording.js';
import { ProgressBar } from '../trainers/callbacks/progress.js';
import { InvalidArgumentError } from '../core/errors.js';

export interface RunOutputOptions {
  /** The run folder (created); null writes nothing. */
  runDir: string | null;
  /** Show a progress bar (else a line every `printInterval`). */
  progress: boolean;
  /** Where progress lines go. */
  print: (line: string) => void;
  /** Steps (RL) or epochs (supervised) over which metrics are averaged in the logs. */
  logInterval: number;
  /** Steps between progress lines when there is no progress bar. */
  printInterval: number;
  /** Weight histograms for TensorBoard. */
  histograms?: () => Record<string, ArrayLike<number>>;
  /** Steps between TensorBoard histograms (default: TensorBoardLogger's). */
  histogramInterval?: number;
  /** Stream the run to the live viewer. */
  render?: RenderOptions;
  signal?: AbortSignal;
}

export interface RunOutputs {
  readonly runDir: string | null;
  /** The loggers, the viewer feed and the progress display, in that order. */
  readonly callbacks: Callback[];
  /** The live viewer's feed, to wrap the training env with (null without --render). */
  readonly live: LiveRenderer | null;
  /** The TensorBoard logger (null without a run folder), for images from other callbacks. */
  readonly tensorboard: TensorBoardLogger | null;
  /** Writes `name` in the run folder as pretty JSON, atomically (no-op without a folder). */
  writeJson(name: string, value: unknown): void;
  /** Closes the viewer (after its linger time). */
  close(): Promise<void>;
}

/**
 * Makes `dir` the folder of a new run. A folder belongs to one run: a non-empty one is refused
 * (naming what is there) unless `overwrite`, which removes its contents first.
 */
export function claimRunFolder(dir: string, overwrite = false): void {
  const entries = existsSync(dir) ? readdirSync(dir).sort() : [];
  if (entries.length > 0) {
    if (!overwrite) {
      const shown = entries.slice(0, 6).join(', ') + (entries.length > 6 ? `, … (${entries.length} entries)` : '');
      throw new InvalidArgumentError(`run folder ${dir} is not empty (${shown}): resume that run with tfgym resume ${dir}, choose another --out, or give --overwrite to replace it`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
}

/** Writes `path` through a temporary file and a rename, so a crash never leaves it half-written. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export async function openRunOutputs(o: RunOutputOptions): Promise<RunOutputs> {
  const callbacks: Callback[] = [];
  let tensorboard: TensorBoardLogger | null = null;
  if (o.runDir) {
    mkdirSync(o.runDir, { recursive: true });
    // Files a killed process was writing through writeFileAtomic (the complete ones are in place).
    for (const name of readdirSync(o.runDir)) if (/\.tmp(-\d+)?$/.test(name)) rmSync(join(o.runDir, name), { force: true });
    callbacks.push(new FileLogger({ dir: o.runDir, interval: o.logInterval }));
    tensorboard = new TensorBoardLogger(join(o.runDir, 'tb'), o.logInterval, o.histograms, o.histogramInterval);
    callbacks.push(tensorboard);
  }
  let viewer: RenderServer | null = null;
  let live: LiveRenderer | null = null;
  if (o.render) {
    ({ viewer, live } = await openViewer(o.render, o.print, o.logInterval));
    callbacks.push(live);
  }
  callbacks.push(o.progress ? new ProgressBar() : new ConsoleLogger(o.printInterval, o.print));
  const runDir = o.runDir;
  return {
    runDir,
    callbacks,
    live,
    tensorboard,
    writeJson: (name, value) => {
      if (runDir) writeFileAtomic(join(runDir, name), `${JSON.stringify(value, null, 2)}\n`);
    },
    close: async () => {
      if (viewer) await closeViewer(viewer, o.render?.linger ?? 0, o.print, o.signal);
    },
  };
}

/**
 * Metric logs: JSONL and CSV files (one record per line, namespaced names) and TensorBoard event
 * files, all fed by the same {@link MetricStream}.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventOf, TrainerEvent } from '../../core/events.js';
import type { Callback, RunContext } from '../callback.js';
import { MetricStream, type MetricRecord } from '../metrics.js';
import { EventFileWriter } from '../tensorboard/event_file.js';
import { gridPng } from '../tensorboard/image.js';

/** A callback that turns every event into metric records and hands them to `write`. */
abstract class RecordingCallback implements Callback {
  private stream: MetricStream | null = null;

  constructor(protected readonly interval: number) {}

  protected abstract open(ctx: RunContext): void;
  protected abstract write(record: MetricRecord): void;

  onRunStart(_e: unknown, ctx: RunContext): void {
    this.stream = new MetricStream(this.interval, ctx.run.start);
    this.open(ctx);
  }

  private handle(event: TrainerEvent): void {
    for (const r of this.stream?.records(event) ?? []) this.write(r);
  }

  onEpisodeEnd(e: TrainerEvent): void {
    this.handle(e);
  }
  onUpdate(e: TrainerEvent): void {
    this.handle(e);
  }
  onEval(e: TrainerEvent): void {
    this.handle(e);
  }
  onEpochEnd(e: TrainerEvent): void {
    this.handle(e);
  }
  onRunEnd(e: TrainerEvent): void {
    this.handle(e);
  }
}

export interface FileLoggerOptions {
  /** Folder to write into (created). */
  dir: string;
  /** Average update metrics over this many steps. Default 1000. */
  interval?: number;
}

/** `metrics.jsonl` (`{"step":…,"charts/episodic_return":…}` per line) and `metrics.csv` (`step,name,value`). */
export class FileLogger extends RecordingCallback {
  private jsonl = '';
  private csv = '';

  constructor(private readonly options: FileLoggerOptions) {
    super(options.interval ?? 1000);
  }

  protected open(): void {
    mkdirSync(this.options.dir, { recursive: true });
    this.jsonl = join(this.options.dir, 'metrics.jsonl');
    this.csv = join(this.options.dir, 'metrics.csv');
    writeFileSync(this.jsonl, '', { flag: 'a' });
    writeFileSync(this.csv, 'step,name,value\n', { flag: 'a' });
  }

  protected write(record: MetricRecord): void {
    appendFileSync(this.jsonl, `${JSON.stringify({ step: record.step, ...record.values })}\n`);
    appendFileSync(this.csv, Object.entries(record.values).map(([k, v]) => `${record.step},${k},${v}`).join('\n') + '\n');
  }
}

/** TensorBoard event files: every metric as a scalar, plus histograms the agent exposes. */
export class TensorBoardLogger extends RecordingCallback {
  private writer: EventFileWriter | null = null;

  constructor(
    private readonly dir: string,
    interval = 1000,
    private readonly histograms?: () => Record<string, ArrayLike<number>>,
    private readonly histogramEvery = 10_000,
  ) {
    super(interval);
  }

  /** The event file's path (after the run started). */
  get path(): string | null {
    return this.writer?.path ?? null;
  }

  /** Adds a PNG image summary to this run's event file (after the run started). */
  image(tag: string, png: Uint8Array, size: { height: number; width: number; channels: 1 | 3 | 4 }, step: number): void {
    this.writer?.image(tag, png, size, step);
  }

  /** Sample predictions as one grid image, `samples/images`. */
  async onSamples(e: EventOf<'samples'>): Promise<void> {
    if (!this.writer || e.images.length === 0) return;
    const { png, height, width, channels } = await gridPng(e.images);
    this.writer.image('samples/images', png, { height, width, channels }, e.step);
  }

  protected open(): void {
    mkdirSync(this.dir, { recursive: true });
    this.writer = new EventFileWriter(this.dir);
  }

  private nextHistogram = 0;

  protected write(record: MetricRecord): void {
    this.writer?.scalars(record.values, record.step);
    if (this.histograms && record.step >= this.nextHistogram) {
      for (const [tag, values] of Object.entries(this.histograms())) this.writer?.histogram(tag, values, record.step);
      this.nextHistogram = record.step + this.histogramEvery;
    }
  }
}

/** Prints a line per log interval (and every evaluation) for logs and non-interactive terminals. */
export class ConsoleLogger extends RecordingCallback {
  private lastReturn: number | null = null;

  constructor(
    interval = 10_000,
    private readonly print: (line: string) => void = (line) => console.log(line),
  ) {
    super(interval);
  }

  protected open(ctx: RunContext): void {
    this.print(`training ${ctx.run.algorithm} on ${ctx.run.task}, seed ${ctx.run.seed}, ${ctx.run.total.toLocaleString('en-US')} ${ctx.run.kind === 'rl' ? 'steps' : 'epochs'}${ctx.run.start ? ` from ${ctx.run.start}` : ''}`);
  }

  protected write(record: MetricRecord): void {
    const v = record.values;
    if (v['charts/episodic_return'] !== undefined) {
      this.lastReturn = v['charts/episodic_return'];
      return;
    }
    const parts = [`step ${record.step.toLocaleString('en-US')}`];
    if (v['eval/mean_return'] !== undefined) parts.push(`eval return ${v['eval/mean_return'].toFixed(1)} ± ${(v['eval/std_return'] ?? 0).toFixed(1)}`);
    else {
      if (this.lastReturn !== null) parts.push(`episode return ${this.lastReturn.toFixed(1)}`);
      for (const [k, val] of Object.entries(v)) parts.push(`${k} ${Math.abs(val) >= 100 ? val.toFixed(0) : val.toPrecision(3)}`);
    }
    this.print(parts.join('  '));
  }
}

/**
 * Metric logs in files (Node.js): JSONL and CSV (one record per line, namespaced names) and
 * TensorBoard event files, fed by the same metric stream as the console logger.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventOf } from '../../core/events.js';
import type { RunContext } from '../callback.js';
import type { MetricRecord } from '../metrics.js';
import { RecordingCallback } from './recording.js';
import { EventFileWriter } from '../tensorboard/event_file.js';
import { gridPng } from '../tensorboard/image.js';

export interface FileLoggerOptions {
  /** Folder to write into (created). */
  dir: string;
  /** Average update metrics over this many steps. Default 1000. */
  interval?: number;
}

/**
 * `metrics.jsonl` (`{"step":…,"charts/episodic_return":…}` per line) and `metrics.csv`
 * (`step,name,value`). A resumed run keeps one header and drops the lines logged after the step it
 * resumes from (a run killed after its last checkpoint logged them), so steps never go backwards.
 */
export class FileLogger extends RecordingCallback {
  private jsonl = '';
  private csv = '';

  constructor(private readonly options: FileLoggerOptions) {
    super(options.interval ?? 1000);
  }

  protected open(ctx: RunContext): void {
    mkdirSync(this.options.dir, { recursive: true });
    this.jsonl = join(this.options.dir, 'metrics.jsonl');
    this.csv = join(this.options.dir, 'metrics.csv');
    const start = ctx.run.start;
    keepLines(this.jsonl, '', (line) => (JSON.parse(line) as { step: number }).step <= start);
    keepLines(this.csv, 'step,name,value\n', (line) => line === 'step,name,value' || Number(line.split(',')[0]) <= start);
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

/**
 * Rewrites `path` keeping the lines `keep` accepts (a line it cannot parse is dropped), or creates
 * it holding `header`. Written through a temporary file and a rename.
 */
function keepLines(path: string, header: string, keep: (line: string) => boolean): void {
  if (!existsSync(path)) {
    writeFileSync(path, header);
    return;
  }
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const kept = lines.filter((l) => {
    try {
      return keep(l);
    } catch {
      return false;
    }
  });
  if (kept.length === lines.length && (header === '' || lines[0] === header.trim())) return;
  const text = kept.length > 0 ? `${kept.join('\n')}\n` : header;
  writeFileSync(`${path}.tmp`, header && !text.startsWith(header) ? header + text : text);
  renameSync(`${path}.tmp`, path);
}

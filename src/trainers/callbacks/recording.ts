/**
 * Callbacks that log metric records: the base that turns every event into records (through a
 * {@link MetricStream}), and the console logger. No file IO here, so browsers have them too.
 */
import type { TrainerEvent } from '../../core/events.js';
import type { Callback, RunContext } from '../callback.js';
import { MetricStream, type MetricRecord } from '../metrics.js';

/** A callback that turns every event into metric records and hands them to `write`. */
export abstract class RecordingCallback implements Callback {
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

/**
 * A progress bar (cli-progress) with the live episode return, the last evaluation and steps/s;
 * for supervised runs, epochs with the last loss and accuracy.
 */
import cliProgress from 'cli-progress';
import type { EventOf } from '../../core/events.js';
import type { Callback } from '../callback.js';

export class ProgressBar implements Callback {
  private bar: cliProgress.SingleBar | null = null;
  private started = 0;
  private startStep = 0;
  private info = { ret: '-', evalRet: '-', sps: '0' };

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  onRunStart(e: EventOf<'runStart'>): void {
    this.bar = new cliProgress.SingleBar(
      {
        format: `${e.run.algorithm} ${e.run.task} [{bar}] {percentage}% {value}/{total} | return {ret} | eval {evalRet} | {sps} steps/s | eta {eta_formatted}`,
        stream: this.stream,
        hideCursor: true,
        etaBuffer: 50,
        noTTYOutput: false,
        notTTYSchedule: 10_000,
      },
      cliProgress.Presets.shades_classic,
    );
    this.started = performance.now();
    this.startStep = e.run.start;
    this.bar.start(e.run.total, e.run.start, this.info);
  }

  private tick(step: number): void {
    const seconds = (performance.now() - this.started) / 1000;
    this.info.sps = String(Math.round((step - this.startStep) / Math.max(seconds, 1e-3)));
    this.bar?.update(step, this.info);
  }

  onEpisodeEnd(e: EventOf<'episodeEnd'>): void {
    this.info.ret = (e.rawReturn ?? e.return).toFixed(1);
    this.tick(e.step);
  }

  onEval(e: EventOf<'eval'>): void {
    this.info.evalRet = e.meanReturn.toFixed(1);
    this.tick(e.step);
  }

  onEpochEnd(e: EventOf<'epochEnd'>): void {
    const loss = e.metrics['train/loss'];
    if (loss !== undefined) this.info.ret = loss.toPrecision(3);
    this.tick(e.epoch);
  }

  onRunEnd(e: EventOf<'runEnd'>): void {
    this.tick(e.step);
    this.bar?.stop();
  }
}

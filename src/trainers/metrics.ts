/**
 * One mapping from events to namespaced metric records, shared by every logger (console, JSONL,
 * CSV, TensorBoard), so that they all report the same names:
 * `charts/episodic_return`, `charts/raw_episodic_return`, `charts/episodic_length`,
 * `charts/epsilon`, `charts/SPS`, `losses/td_loss`, `eval/mean_return`, `train/loss`, ...
 *
 * Update metrics (one per gradient step) are averaged over `interval` env steps before logging.
 */
import type { Metrics } from '../core/agent.js';
import type { TrainerEvent } from '../core/events.js';

export interface MetricRecord {
  step: number;
  values: Metrics;
}

export class MetricStream {
  private sums: Record<string, number> = {};
  private counts: Record<string, number> = {};
  private nextFlush: number;
  private lastTime = performance.now();
  private lastStep: number;

  constructor(private readonly interval = 1000, start = 0) {
    this.nextFlush = start + interval;
    this.lastStep = start;
  }

  /** The records an event produces (possibly none). */
  records(event: TrainerEvent): MetricRecord[] {
    switch (event.type) {
      case 'episodeEnd': {
        const values: Metrics = { 'charts/episodic_return': event.return, 'charts/episodic_length': event.length, ...event.metrics };
        if (event.rawReturn !== null) values['charts/raw_episodic_return'] = event.rawReturn;
        return [{ step: event.step, values }, ...this.flushIfDue(event.step)];
      }
      case 'update':
        for (const [k, v] of Object.entries(event.metrics)) {
          this.sums[k] = (this.sums[k] ?? 0) + v;
          this.counts[k] = (this.counts[k] ?? 0) + 1;
        }
        return this.flushIfDue(event.step);
      case 'eval':
        return [{ step: event.step, values: { 'eval/mean_return': event.meanReturn, 'eval/std_return': event.stdReturn } }];
      case 'batchEnd':
        return [];
      case 'epochEnd':
        return [{ step: event.epoch, values: event.metrics }];
      case 'runEnd':
        return this.flush(event.step);
      default:
        return [];
    }
  }

  private flushIfDue(step: number): MetricRecord[] {
    return step >= this.nextFlush ? this.flush(step) : [];
  }

  private flush(step: number): MetricRecord[] {
    const values: Metrics = {};
    for (const [k, s] of Object.entries(this.sums)) values[k] = s / (this.counts[k] ?? 1);
    const now = performance.now();
    if (step > this.lastStep) values['charts/SPS'] = ((step - this.lastStep) * 1000) / Math.max(now - this.lastTime, 1e-6);
    this.lastTime = now;
    this.lastStep = step;
    this.sums = {};
    this.counts = {};
    this.nextFlush = step + this.interval;
    return Object.keys(values).length > 0 ? [{ step, values }] : [];
  }
}

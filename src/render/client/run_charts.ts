/**
 * The charts of a run, fed with the viewer's messages: the viewer page (over its WebSocket) and the
 * playground (from its training worker) show the same charts from the same code.
 */
import type { ServerMessage } from '../protocol.js';
import { LineChart } from './charts.js';

import { CHART_COLORS as COLORS } from '../chart_style.js';

export class RunCharts {
  readonly charts: Record<'ret' | 'evalRet' | 'loss' | 'explore' | 'sps' | 'acc', LineChart>;

  constructor(parent: HTMLElement, options: { supervised?: boolean } = {}) {
    this.charts = {
      ret: new LineChart(parent, 'Episodic return', { yLabel: 'return' }),
      evalRet: new LineChart(parent, 'Evaluation return (greedy)', { yLabel: 'mean return' }),
      loss: new LineChart(parent, 'Loss', { yLabel: 'loss', log: true }),
      explore: new LineChart(parent, 'Epsilon / entropy', { yLabel: 'epsilon, entropy' }),
      sps: new LineChart(parent, 'Steps per second', { yLabel: 'steps/s' }),
      acc: new LineChart(parent, 'Accuracy', { yLabel: 'accuracy', xLabel: 'epoch' }),
    };
    if (!options.supervised) this.charts.acc.element.hidden = true;
  }

  /** Adds what `m` carries to the charts it belongs to. */
  handle(m: ServerMessage): void {
    const c = this.charts;
    switch (m.type) {
      case 'episode':
        c.ret.add(m.rawReturn === null ? 'return' : 'shaped', COLORS.return, m.step, m.return);
        if (m.rawReturn !== null) c.ret.add('raw', COLORS.raw, m.step, m.rawReturn);
        break;
      case 'eval':
        c.evalRet.add('mean', COLORS.evaluation, m.step, m.meanReturn);
        break;
      case 'metrics':
        for (const [k, v] of Object.entries(m.values)) {
          if (k.startsWith('losses/') && k.endsWith('loss')) c.loss.add(k.slice(7), COLORS.loss, m.step, v);
          else if (k === 'charts/epsilon' || k === 'charts/entropy' || k === 'charts/ent_coef') c.explore.add(k.slice(7), COLORS.exploration, m.step, v);
          else if (k === 'charts/SPS') c.sps.add('steps/s', COLORS.speed, m.step, v);
        }
        break;
      case 'epoch':
        c.acc.element.hidden = false;
        for (const [k, v] of Object.entries(m.values)) {
          if (k.endsWith('loss')) c.loss.add(k, k.startsWith('val') ? COLORS.validation : COLORS.loss, m.epoch, v);
          else if (k.endsWith('accuracy')) c.acc.add(k, k.startsWith('val') ? COLORS.validation : COLORS.accuracy, m.epoch, v);
        }
        break;
      default:
        break;
    }
  }

  /** Redraws the charts whose data changed (call once per animation frame). */
  draw(): void {
    for (const chart of Object.values(this.charts)) chart.draw();
  }

  /** Points held per chart (tests read it). */
  points(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.charts).map(([k, chart]) => [k, chart.size]));
  }

  /** Forgets every series (a new run). */
  clear(): void {
    for (const chart of Object.values(this.charts)) chart.clear();
  }
}

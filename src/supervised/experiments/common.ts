/** What the experiments share: training a model for some epochs and keeping its per-epoch metrics, and a line chart. */
import type * as tf from '@tensorflow/tfjs';
import type { Metrics } from '../../core/agent.js';
import { TfgymError } from '../../core/errors.js';
import type { Callback } from '../../trainers/callback.js';
import { trainSupervised } from '../../trainers/supervised.js';
import { ClassifierTask } from '../classifier.js';
import type { ImageDataset } from '../data/dataset.js';
import type { Metric } from '../metrics.js';

export interface FitOptions {
  name: string;
  model: tf.LayersModel;
  train: ImageDataset;
  validation: ImageDataset;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  metrics?: Metric[];
  callbacks?: Callback[];
}

export interface FitResult {
  /** Metrics of every epoch (index 0 = epoch 1). */
  epochs: Metrics[];
  seconds: number;
  samplesPerSecond: number;
}

export async function fit(o: FitOptions): Promise<FitResult> {
  const task = new ClassifierTask({ name: o.name, model: o.model, train: o.train, validation: o.validation, batchSize: o.batchSize, learningRate: o.learningRate, seed: o.seed, ...(o.metrics ? { metrics: o.metrics } : {}) });
  const epochs: Metrics[] = [];
  const result = await trainSupervised({ task, epochs: o.epochs, seed: o.seed, callbacks: [...(o.callbacks ?? []), { onEpochEnd: (e) => void epochs.push(e.metrics) }] });
  if (result.reason === 'error') throw new TfgymError(`${o.name}: training failed: ${result.message}`);
  return { epochs, seconds: result.seconds, samplesPerSecond: (epochs.length * o.train.size) / Math.max(result.seconds, 1e-9) };
}

/** An SVG line chart of named series over epochs (y in [yMin, 1] for accuracies). */
export function lineChartSvg(title: string, series: Record<string, number[]>, yLabel: string): string {
  const W = 640;
  const H = 360;
  const pad = { l: 56, r: 160, t: 32, b: 40 };
  const all = Object.values(series).flat().filter(Number.isFinite);
  const yMin = Math.min(...all);
  const yMax = Math.max(...all);
  const span = yMax - yMin || 1;
  const n = Math.max(...Object.values(series).map((s) => s.length));
  const x = (i: number) => pad.l + (n <= 1 ? 0 : (i / (n - 1)) * (W - pad.l - pad.r));
  const y = (v: number) => pad.t + (1 - (v - yMin) / span) * (H - pad.t - pad.b);
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];
  const lines = Object.entries(series).map(([name, s], k) => {
    const c = colours[k % colours.length];
    const pts = s.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts}"/><text x="${W - pad.r + 10}" y="${pad.t + 18 * k + 4}" fill="${c}" font-size="13">${name}</text>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = yMin + f * span;
    return `<text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v.toFixed(3)}</text><line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`;
  });
  const xt = Array.from({ length: n }, (_, i) => `<text x="${x(i)}" y="${H - pad.b + 16}" text-anchor="middle" font-size="11">${i + 1}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/><text x="${pad.l}" y="20" font-size="14">${title}</text>${ticks.join('')}${xt.join('')}<text x="${(W - pad.r + pad.l) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">epoch</text><text x="14" y="${H / 2}" font-size="12" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">${yLabel}</text>${lines.join('')}</svg>\n`;
}

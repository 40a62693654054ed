/**
 * Live line charts for the viewer and the playground, drawn by uPlot (a small, fast library made
 * for streaming time series): env steps on x with labelled axes, a hover read-out of every series
 * at the cursor, a smoothing control (an exponential moving average, as TensorBoard's slider), a
 * log scale where asked (losses), and many series without slowing the page (the data are
 * re-aligned and redrawn at most once per animation frame, and only when they changed).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_AXIS, CHART_FONT, CHART_GRID, STEPS_TITLE } from '../chart_style.js';
import { smooth } from './smooth.js';

const font = `${CHART_FONT.size}px ${CHART_FONT.family}`;
const axis = (label: string) => ({ label, stroke: CHART_AXIS, font, labelFont: font, grid: { stroke: CHART_GRID, width: 1 }, ticks: { stroke: CHART_GRID, width: 1 } });

export interface Series {
  name: string;
  color: string;
  /** `n`: how many values share this x (their mean is `y`). */
  points: { x: number; y: number; n: number }[];
}

export interface ChartOptions {
  /** The y axis' label (e.g. `return`, `loss`). */
  yLabel?: string;
  /** Offer a log-scale y axis (used while every value is positive). */
  log?: boolean;
  /** The x axis' label. Default `env steps`. */
  xLabel?: string;
}

/** Points kept per series (older ones are dropped). */
const MAX_POINTS = 2000;

/** Whether series `si` of the plot has so few points that they need markers to be seen. */
const sparse = (u: uPlot, si: number): boolean => (u.data[si] ?? []).filter((v) => v !== null && v !== undefined).length < 40;

export class LineChart {
  readonly element: HTMLElement;
  readonly series = new Map<string, Series>();
  private plot: uPlot | null = null;
  private plotted = '';
  private dirty = true;
  private smoothing = 0;
  private logScale = false;
  private readonly body: HTMLElement;
  private readonly logBox: HTMLInputElement | null = null;

  constructor(parent: HTMLElement, readonly title: string, private readonly options: ChartOptions = {}) {
    this.element = document.createElement('figure');
    this.element.className = 'chart';
    this.element.dataset.title = title;
    const head = document.createElement('figcaption');
    head.textContent = title;
    const smoothing = document.createElement('input');
    Object.assign(smoothing, { type: 'range', min: '0', max: '0.99', step: '0.01', value: '0', title: 'smoothing' });
    smoothing.addEventListener('input', () => {
      this.smoothing = Number(smoothing.value);
      this.dirty = true;
    });
    const label = document.createElement('label');
    label.append(' smoothing ', smoothing);
    head.append(label);
    if (options.log) {
      this.logBox = document.createElement('input');
      this.logBox.type = 'checkbox';
      this.logBox.addEventListener('change', () => {
        this.logScale = (this.logBox as HTMLInputElement).checked;
        this.plotted = ''; // the scale is part of the plot's setup
        this.dirty = true;
      });
      const logLabel = document.createElement('label');
      logLabel.append(' log ', this.logBox);
      head.append(logLabel);
    }
    this.body = document.createElement('div');
    this.element.append(head, this.body);
    parent.appendChild(this.element);
  }

  add(name: string, color: string, x: number, y: number): void {
    if (!Number.isFinite(y)) return;
    let s = this.series.get(name);
    if (!s) this.series.set(name, (s = { name, color, points: [] }));
    const last = s.points.at(-1);
    if (last && last.x === x) {
      // Several values at one step (episodes of a vector env's copies ending together): their mean.
      last.n += 1;
      last.y += (y - last.y) / last.n;
      this.dirty = true;
      return;
    }
    s.points.push({ x, y, n: 1 });
    if (s.points.length > MAX_POINTS) s.points.splice(0, s.points.length - MAX_POINTS);
    this.dirty = true;
  }

  /** Forgets every series (a new run). */
  clear(): void {
    this.series.clear();
    this.plot?.destroy();
    this.plot = null;
    this.plotted = '';
    this.dirty = true;
  }

  /** Number of points held, over all series (tests read it). */
  get size(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.points.length;
    return n;
  }

  /** Redraws if anything changed (call once per animation frame). */
  draw(): void {
    if (!this.dirty || this.series.size === 0) return;
    this.dirty = false;
    const all = [...this.series.values()];
    const positive = all.every((s) => s.points.every((p) => p.y > 0));
    if (this.logBox) this.logBox.disabled = !positive;
    const log = this.logScale && positive;
    // uPlot takes one x array shared by every series: the union of steps, with gaps (null) elsewhere.
    const xs = [...new Set(all.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    const data: (number | null)[][] = [xs, ...all.map((s) => {
      const col: (number | null)[] = new Array(xs.length).fill(null);
      for (const p of s.points) col[at.get(p.x) as number] = p.y;
      return smooth(col, this.smoothing);
    })];
    const setup = `${all.map((s) => s.name).join('|')}|${log}`;
    if (!this.plot || setup !== this.plotted) {
      this.plot?.destroy();
      this.plotted = setup;
      this.plot = new uPlot({
        width: Math.max(240, (this.element.clientWidth || 532) - 12), height: 200,
        scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
        axes: [{ ...axis(this.options.xLabel ?? STEPS_TITLE), size: 40 }, { ...axis(this.options.yLabel ?? ''), size: 60 }],
        // Markers only while a series is sparse (a few logged points would otherwise draw nothing).
        series: [{ label: this.options.xLabel === 'epoch' ? 'epoch' : 'step' }, ...all.map((s) => ({ label: s.name, stroke: s.color, width: 1.5, spanGaps: true, points: { show: sparse, size: 5 } }))],
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
      }, data as uPlot.AlignedData, this.body);
      return;
    }
    this.plot.setData(data as uPlot.AlignedData);
  }
}

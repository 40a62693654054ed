/**
 * SVG plots drawn in Node by vega-lite + vega (no browser, no canvas: vega's SVG renderer
 * estimates text widths). Loaded on first use, so commands that draw nothing do not pay for it.
 * They take the live charts' look (render/chart_style.ts): colours, axis titles, font, grid.
 */
import { CHART_AXIS, CHART_COLORS, CHART_FONT, CHART_GRID, SERIES_PALETTE, STEPS_TITLE } from '../render/chart_style.js';

/** vega-lite's config for the shared look. */
const LOOK = {
  font: CHART_FONT.family,
  axis: { gridColor: CHART_GRID, domainColor: CHART_GRID, tickColor: CHART_GRID, labelColor: CHART_AXIS, titleColor: CHART_AXIS, labelFontSize: CHART_FONT.size, titleFontSize: CHART_FONT.size, titleFontWeight: 'normal' },
  title: { fontSize: 13, fontWeight: 'normal', anchor: 'start', color: '#1f2937' },
  legend: { labelColor: CHART_AXIS, labelFontSize: CHART_FONT.size, orient: 'top' },
  view: { stroke: CHART_GRID },
  line: { strokeWidth: 1.5 },
};

export interface CurvePoint {
  step: number;
  median: number;
  min: number;
  max: number;
}

export interface CurvePlotOptions {
  title: string;
  points: readonly CurvePoint[];
  /** A dashed horizontal rule (the env's reward threshold), or null. */
  threshold: number | null;
  width?: number;
  height?: number;
}

/** Renders a vega-lite spec to SVG. */
async function toSvg(spec: object): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: LOOK, ...spec } as never).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Named series over epochs (1, 2, ...), one coloured line each (e.g. validation accuracy per epoch). */
export async function seriesChartSvg(title: string, series: Record<string, readonly number[]>, yLabel: string): Promise<string> {
  const values = Object.entries(series).flatMap(([name, ys]) => ys.map((y, i) => ({ series: name, epoch: i + 1, y })));
  return toSvg({
    title, width: 480, height: 280, data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'y', type: 'quantitative', title: yLabel, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, scale: { range: [...SERIES_PALETTE] } },
    },
  });
}

/** A learning curve: the median line over a min-max band, against env steps. */
export async function learningCurveSvg(options: CurvePlotOptions): Promise<string> {
  const x = { field: 'step', type: 'quantitative', title: STEPS_TITLE, axis: { format: '~s' } } as const;
  const layers: object[] = [
    { mark: { type: 'area', opacity: 0.2, color: CHART_COLORS.evaluation }, encoding: { x, y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' } } },
    { mark: { type: 'line', point: { size: 20, color: CHART_COLORS.evaluation }, color: CHART_COLORS.evaluation }, encoding: { x, y: { field: 'median', type: 'quantitative', title: 'evaluation return (median, min-max)', scale: { zero: false } } } },
  ];
  if (options.threshold !== null) {
    layers.push({ data: { values: [{ threshold: options.threshold }] }, mark: { type: 'rule', strokeDash: [6, 4], color: CHART_COLORS.threshold }, encoding: { y: { field: 'threshold', type: 'quantitative' } } });
  }
  return toSvg({ title: options.title, width: options.width ?? 520, height: options.height ?? 280, data: { values: options.points.map((p) => ({ ...p })) }, layer: layers });
}

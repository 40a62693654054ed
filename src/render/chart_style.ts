/**
 * One look for every chart tfgym draws: the viewer's and the playground's live charts (uPlot) and
 * the SVG plots of `tfgym benchmark` and the experiments (vega-lite). The same series colours,
 * axis titles, font and grid, so a plot in a report reads like the chart on the page.
 */

/** A colour per kind of series. */
export const CHART_COLORS = {
  return: '#2563eb', raw: '#16a34a', evaluation: '#9333ea', loss: '#dc2626', validation: '#f97316',
  exploration: '#ca8a04', speed: '#0891b2', accuracy: '#16a34a', threshold: '#dc2626',
} as const;

/** Colours for series with no kind of their own (e.g. the experiments' variants), in order. */
export const SERIES_PALETTE = ['#2563eb', '#f97316', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04'] as const;

export const CHART_FONT = { family: 'system-ui, sans-serif', size: 12 } as const;
/** Grid lines, axis lines and axis text. */
export const CHART_GRID = '#e5e7eb';
export const CHART_AXIS = '#4b5563';
/** The x axis' title of RL charts. */
export const STEPS_TITLE = 'env steps';

import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from '../statistics/sample-efficiency-curve';
import { DRAWN_INTERVALS, PLOT_CONFIG, seriesColorScale } from './plot-theme';

/** One curve: a method (or schedule, or configuration) over training, optionally in a panel. */
export interface CurveSeries {
  readonly label: string;
  /** Facet panel (a task, an agent); all series without one share a single plot. */
  readonly panel?: string;
  readonly points: readonly CurvePoint[];
}

/** Labels and sizes of a curve figure. */
export interface CurvePlotOptions {
  readonly title?: string;
  /** Default `Environment steps`. */
  readonly xTitle?: string;
  /** Default `IQM normalised score`. */
  readonly yTitle?: string;
  /** Panel size in pixels. Defaults 360 x 240. */
  readonly width?: number;
  readonly height?: number;
  /** Panels per row when faceted. Default 3. */
  readonly columns?: number;
  /** Fixed y range (e.g. `[0, 1]` for fractions). Default: fitted to the data and bands. */
  readonly yDomain?: readonly [number, number];
  /** d3 number format of the y axis (e.g. `.0%`). */
  readonly yFormat?: string;
  /** Draw a marker at every point (sample-efficiency style). Default true when a curve has <= 25 points. */
  readonly points?: boolean;
  /** Title of the colour legend. Default none. */
  readonly legendTitle?: string | null;
}

/**
 * Learning curves with confidence bands (rliable's `plot_sample_efficiency_curve`; the paper's
 * Figs. 3, 6, 10, 12): one line per series through the point estimates and a translucent band
 * between the interval bounds, steps on a SI-formatted x axis (`1M`, `40M`), one colour per series
 * shared across panels.
 */
export function learningCurvesSpec(series: readonly CurveSeries[], options: CurvePlotOptions = {}): TopLevelSpec {
  const labels = [...new Set(series.map((s) => s.label))];
  const panels = [...new Set(series.flatMap((s) => (s.panel === undefined ? [] : [s.panel])))];
  const values = series.flatMap((s) => s.points.map((p) => ({ series: s.label, panel: s.panel ?? '', step: p.step, point: p.point, lower: p.lower, upper: p.upper })));
  const maxPoints = Math.max(0, ...series.map((s) => s.points.length));
  const showPoints = options.points ?? maxPoints <= 25;
  const color = {
    field: 'series',
    type: 'nominal' as const,
    scale: seriesColorScale(labels),
    // Line symbols at full opacity: the band layer would otherwise lend the legend its pale fill.
    legend: labels.length > 1 ? { title: options.legendTitle ?? null, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 } : null,
  };
  const x = { field: 'step', type: 'quantitative' as const, title: options.xTitle ?? 'Environment steps', axis: { format: '~s', tickCount: 5 } };
  const yScale = options.yDomain ? { domain: [...options.yDomain], zero: false } : { zero: false };
  const yAxis = options.yFormat ? { format: options.yFormat } : {};
  const layer = [
    {
      mark: { type: 'area' as const, opacity: 0.2 },
      transform: DRAWN_INTERVALS,
      encoding: { x, y: { field: 'lower', type: 'quantitative' as const, scale: yScale, title: options.yTitle ?? 'IQM normalised score', axis: yAxis }, y2: { field: 'upper' }, color },
    },
    {
      mark: { type: 'line' as const, point: showPoints ? { filled: true, size: 30 } : false },
      encoding: { x, y: { field: 'point', type: 'quantitative' as const }, color },
    },
  ];
  const size = { width: options.width ?? 360, height: options.height ?? 240 };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', config: PLOT_CONFIG, ...(options.title ? { title: options.title } : {}), data: { values } };
  if (panels.length === 0) return { ...base, ...size, layer } as TopLevelSpec;
  return {
    ...base,
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels },
    columns: Math.min(options.columns ?? 3, panels.length),
    spec: { ...size, layer },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

import type { TopLevelSpec } from 'vega-lite';
import type { IntervalEstimate } from '../statistics/interval-estimate';
import { DRAWN_INTERVALS, PLOT_CONFIG, seriesColorScale } from './plot-theme';

/** One estimate to draw as an interval: which panel (x grouping), which series (colour), where on x. */
export interface IntervalPoint extends IntervalEstimate {
  readonly panel?: string;
  readonly series: string;
  /** Position on the x axis (a width, a sparsity level, a replay ratio). */
  readonly x: number;
}

/** Labels of {@link intervalScalingSpec}. */
export interface IntervalScalingOptions {
  readonly title?: string;
  readonly xTitle: string;
  /** Default `IQM human-normalised score`. */
  readonly yTitle?: string;
  /** `quantitative` for widths and replay ratios, `ordinal` for sparsity levels (even spacing). Default quantitative. */
  readonly xType?: 'quantitative' | 'ordinal';
  /** Labels of x values (e.g. `{ 0.95: '95%' }`); default the numbers. */
  readonly xLabels?: Readonly<Record<string, string>>;
  readonly width?: number;
  readonly height?: number;
  readonly legendTitle?: string | null;
}

/**
 * An aggregate (IQM) against a scaling factor, one line per series with a 95% CI error bar at every
 * point, a panel per agent: the layout of the paper's Fig. 1 (IQM vs width, dense vs pruned) and,
 * with `xType: 'ordinal'`, of Figs. 3 / 15 (IQM vs sparsity level, one line per width) and Fig. 5
 * (IQM vs replay ratio).
 */
export function intervalScalingSpec(points: readonly IntervalPoint[], options: IntervalScalingOptions): TopLevelSpec {
  const series = [...new Set(points.map((p) => p.series))];
  const panels = [...new Set(points.flatMap((p) => (p.panel === undefined ? [] : [p.panel])))];
  const xValues = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const label = (x: number): string => options.xLabels?.[String(x)] ?? String(x);
  const values = points.map((p) => ({ panel: p.panel ?? '', series: p.series, x: p.x, xLabel: label(p.x), point: p.point, lower: p.lower, upper: p.upper }));
  const ordinal = options.xType === 'ordinal';
  const x = ordinal
    ? { field: 'xLabel', type: 'ordinal' as const, sort: xValues.map(label), title: options.xTitle, axis: { labelAngle: 0 }, scale: { padding: 0.5 } }
    : { field: 'x', type: 'quantitative' as const, title: options.xTitle, scale: { domain: [xValues[0]! - 0.25 * spread(xValues), xValues[xValues.length - 1]! + 0.25 * spread(xValues)], nice: false }, axis: { values: xValues, labelExpr: labelExpression(options.xLabels) } };
  const color = { field: 'series', type: 'nominal' as const, scale: seriesColorScale(series), legend: { title: options.legendTitle ?? null } };
  const y = { field: 'point', type: 'quantitative' as const, title: options.yTitle ?? 'IQM human-normalised score', scale: { zero: false } };
  const layer = [
    { mark: { type: 'rule' as const, strokeWidth: 2 }, transform: DRAWN_INTERVALS, encoding: { x, y: { field: 'lower', type: 'quantitative' as const }, y2: { field: 'upper' }, color } },
    { mark: { type: 'line' as const, point: { filled: true, size: 60 } }, encoding: { x, y, color } },
  ];
  const size = { width: options.width ?? 300, height: options.height ?? 240 };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', config: PLOT_CONFIG, ...(options.title ? { title: options.title } : {}), data: { values } };
  if (panels.length === 0) return { ...base, ...size, layer } as TopLevelSpec;
  return { ...base, facet: { field: 'panel', type: 'nominal', title: null, sort: panels }, columns: Math.min(3, panels.length), spec: { ...size, layer }, resolve: { scale: { y: 'independent' } } } as TopLevelSpec;
}

function spread(values: readonly number[]): number {
  const range = values[values.length - 1]! - values[0]!;
  return range === 0 ? 1 : range / Math.max(1, values.length - 1);
}

function labelExpression(labels: Readonly<Record<string, string>> | undefined): string {
  if (!labels || Object.keys(labels).length === 0) return 'datum.label';
  const table = JSON.stringify(labels);
  return `${table}[datum.value] || datum.label`;
}

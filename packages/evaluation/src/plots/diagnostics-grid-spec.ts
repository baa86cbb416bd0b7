import type { TopLevelSpec } from 'vega-lite';
import { DRAWN_INTERVALS, PLOT_CONFIG, seriesColorScale } from './plot-theme';

/** One point of a diagnostic curve: a metric of one method on one task at one step, with its band. */
export interface DiagnosticPoint {
  readonly task: string;
  /** Column title, e.g. `Returns`, `SRank`. */
  readonly metric: string;
  readonly series: string;
  readonly step: number;
  readonly point: number;
  readonly lower: number;
  readonly upper: number;
}

/** Labels of {@link diagnosticsGridSpec}. */
export interface DiagnosticsGridOptions {
  readonly title?: string;
  /** Default `Environment steps`. */
  readonly xTitle?: string;
  /** Column order; default first appearance. */
  readonly metrics?: readonly string[];
  readonly width?: number;
  readonly height?: number;
}

/**
 * The paper's Fig. 11 layout: one row per game, one column per diagnostic (returns, Q variance,
 * parameter norm, Q norm, SRank, dormant neurons), a line per method through the mean over seeds
 * with its 95% band, each cell on its own y scale.
 */
export function diagnosticsGridSpec(points: readonly DiagnosticPoint[], options: DiagnosticsGridOptions = {}): TopLevelSpec {
  const series = [...new Set(points.map((p) => p.series))];
  const metrics = options.metrics ?? [...new Set(points.map((p) => p.metric))];
  const tasks = [...new Set(points.map((p) => p.task))];
  const color = { field: 'series', type: 'nominal' as const, scale: seriesColorScale(series), legend: { title: null, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 } };
  const x = { field: 'step', type: 'quantitative' as const, title: options.xTitle ?? 'Environment steps', axis: { format: '~s', tickCount: 4 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: PLOT_CONFIG,
    ...(options.title ? { title: options.title } : {}),
    data: { values: points.map((p) => ({ ...p })) },
    facet: {
      // Game names only (`MinAtar/Breakout-v1` -> `Breakout`): full ids do not fit a row's height.
      row: { field: 'task', type: 'nominal', sort: tasks, title: null, header: { labelAngle: -90, labelOrient: 'left', labelExpr: "replace(replace(datum.label, /^.*\\//, ''), /-v[0-9]+$/, '')" } },
      column: { field: 'metric', type: 'nominal', sort: [...metrics], title: null },
    },
    spec: {
      width: options.width ?? 125,
      height: options.height ?? 110,
      layer: [
        { mark: { type: 'area', opacity: 0.2 }, transform: DRAWN_INTERVALS, encoding: { x, y: { field: 'lower', type: 'quantitative', title: null, scale: { zero: false } }, y2: { field: 'upper' }, color } },
        { mark: { type: 'line' }, encoding: { x, y: { field: 'point', type: 'quantitative' }, color } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

import type { TopLevelSpec } from 'vega-lite';
import { AGGREGATE_METRIC_TITLES, type AggregateEstimates, type AggregateMetric } from '../statistics/aggregate-estimates';
import { DRAWN_INTERVALS, PLOT_CONFIG, seriesColorScale } from './plot-theme';

/** Labels of {@link aggregateIntervalsSpec}. */
export interface AggregateIntervalsOptions {
  readonly title?: string;
  /** Default `Human-normalised score`. */
  readonly xTitle?: string;
  /** Width of each metric panel. Default 190. */
  readonly width?: number;
}

/**
 * Aggregate metrics with 95% stratified-bootstrap intervals, rliable's `plot_interval_estimates`
 * layout: one panel per metric (median, IQM, mean, optimality gap), one row per method, a bar
 * spanning the interval and a tick at the point estimate.
 */
export function aggregateIntervalsSpec(estimates: AggregateEstimates, options: AggregateIntervalsOptions = {}): TopLevelSpec {
  const methods = Object.keys(estimates);
  const metrics = [...new Set(methods.flatMap((m) => Object.keys(estimates[m]!) as AggregateMetric[]))];
  const rows = methods.flatMap((method) =>
    metrics.flatMap((metric) => {
      const e = estimates[method]![metric];
      return e ? [{ method, metric: AGGREGATE_METRIC_TITLES[metric], point: e.point, lower: e.lower, upper: e.upper }] : [];
    }),
  );
  const y = { field: 'method', type: 'nominal' as const, sort: methods, title: null, axis: { labelLimit: 360 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: PLOT_CONFIG,
    ...(options.title ? { title: options.title } : {}),
    data: { values: rows },
    facet: { column: { field: 'metric', type: 'nominal', sort: metrics.map((m) => AGGREGATE_METRIC_TITLES[m]), title: options.xTitle ?? 'Human-normalised score', header: { titleOrient: 'bottom', labelOrient: 'top' } } },
    spec: {
      width: options.width ?? 190,
      height: { step: 26 },
      layer: [
        { mark: { type: 'bar', opacity: 0.75, height: 16 }, transform: DRAWN_INTERVALS, encoding: { y, x: { field: 'lower', type: 'quantitative', title: null, scale: { zero: false } }, x2: { field: 'upper' }, color: { field: 'method', type: 'nominal', scale: seriesColorScale(methods), legend: null } } },
        { mark: { type: 'tick', color: 'black', thickness: 2, size: 20 }, encoding: { y, x: { field: 'point', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}

import type { TopLevelSpec } from 'vega-lite';
import type { ProbabilityOfImprovementEstimate } from '../statistics/probability-of-improvement-estimates';
import { PLOT_CONFIG, seriesColorScale } from './plot-theme';

/** Labels of {@link probabilityOfImprovementSpec}. */
export interface ProbabilityOfImprovementPlotOptions {
  readonly title?: string;
  readonly width?: number;
}

/**
 * Probability of improvement with confidence intervals (rliable's
 * `plot_probability_of_improvement`): one row per pair "X vs Y", a bar spanning the 95% interval of
 * P(X > Y), a tick at the point estimate and a dashed line at 0.5 (no improvement). An interval
 * entirely above 0.5 means X improves on Y with statistical confidence.
 */
export function probabilityOfImprovementSpec(estimates: readonly ProbabilityOfImprovementEstimate[], options: ProbabilityOfImprovementPlotOptions = {}): TopLevelSpec {
  const rows = estimates.map((e) => ({ pair: `${e.x}  vs  ${e.y}`, x: e.x, y: e.y, point: e.point, lower: e.lower, upper: e.upper }));
  const pairs = rows.map((r) => r.pair);
  const yEnc = { field: 'pair', type: 'nominal' as const, sort: pairs, title: null, axis: { labelLimit: 480 } };
  const color = { field: 'pair', type: 'nominal' as const, scale: seriesColorScale(pairs), legend: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: PLOT_CONFIG,
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 360,
    height: { step: 34 },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', opacity: 0.75, height: 18 },
        encoding: { y: yEnc, x: { field: 'lower', type: 'quantitative', title: 'P(X > Y)', scale: { domain: [0, 1] } }, x2: { field: 'upper' }, color },
      },
      { data: { values: rows }, mark: { type: 'tick', color: 'black', thickness: 2, size: 22 }, encoding: { y: yEnc, x: { field: 'point', type: 'quantitative' } } },
      { data: { values: [{ half: 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#666' }, encoding: { x: { field: 'half', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

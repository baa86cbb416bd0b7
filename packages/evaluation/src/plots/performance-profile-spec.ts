import type { TopLevelSpec } from 'vega-lite';
import type { PerformanceProfile } from '../statistics/performance-profile';
import { DRAWN_INTERVALS, PLOT_CONFIG, seriesColorScale } from './plot-theme';

/** Labels of {@link performanceProfileSpec}. */
export interface PerformanceProfileOptions {
  readonly title?: string;
  /** Default `Human-normalised score (τ)`. */
  readonly xTitle?: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * Performance profiles with their 95% confidence bands (rliable's `plot_performance_profiles`,
 * Agarwal et al. 2021 Fig. 5): the fraction of runs scoring above tau, against tau, per method.
 */
export function performanceProfileSpec(profiles: Readonly<Record<string, PerformanceProfile>>, options: PerformanceProfileOptions = {}): TopLevelSpec {
  const methods = Object.keys(profiles);
  const values = methods.flatMap((method) => {
    const p = profiles[method]!;
    return p.taus.map((tau, i) => ({ series: method, tau, fraction: p.fraction[i]!, lower: p.lower[i]!, upper: p.upper[i]! }));
  });
  const color = { field: 'series', type: 'nominal' as const, scale: seriesColorScale(methods), legend: { title: null, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 } };
  const x = { field: 'tau', type: 'quantitative' as const, title: options.xTitle ?? 'Human-normalised score (τ)', scale: { nice: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: PLOT_CONFIG,
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 400,
    height: options.height ?? 260,
    data: { values },
    layer: [
      { mark: { type: 'area', opacity: 0.2, interpolate: 'step-after' }, transform: DRAWN_INTERVALS, encoding: { x, y: { field: 'lower', type: 'quantitative', title: 'Fraction of runs with score > τ', scale: { domain: [0, 1] }, axis: { values: [0, 0.25, 0.5, 0.75, 1], format: '.2~f' } }, y2: { field: 'upper' }, color } },
      { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y: { field: 'fraction', type: 'quantitative' }, color } },
    ],
  } as TopLevelSpec;
}

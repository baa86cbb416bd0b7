import type { TopLevelSpec } from 'vega-lite';
import { PLOT_CONFIG } from './plot-theme';

/** One heat map: a k x k matrix (row-major) and its panel title. */
export interface CovarianceMatrix {
  readonly label: string;
  readonly k: number;
  readonly matrix: ArrayLike<number>;
}

/**
 * Gradient-covariance heat maps (the paper's Fig. 14): cell (i, j) coloured by the cosine similarity
 * of samples i and j's gradients on a diverging red-blue scale fixed to [-1, 1] (dark red strong
 * negative, dark blue strong positive, as in the paper), one panel per network.
 */
export function gradientCovarianceSpec(matrices: readonly CovarianceMatrix[], options: { readonly title?: string; readonly size?: number } = {}): TopLevelSpec {
  const values = matrices.flatMap(({ label, k, matrix }) => {
    const cells = [];
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) cells.push({ panel: label, i, j, value: matrix[i * k + j]! });
    return cells;
  });
  const axis = { labels: false, ticks: false, domain: false };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: PLOT_CONFIG,
    ...(options.title ? { title: options.title } : {}),
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: matrices.map((m) => m.label) },
    columns: Math.min(4, matrices.length),
    spec: {
      width: options.size ?? 200,
      height: options.size ?? 200,
      mark: 'rect',
      encoding: {
        x: { field: 'j', type: 'ordinal', title: 'Sample j', axis },
        y: { field: 'i', type: 'ordinal', title: 'Sample i', axis },
        color: { field: 'value', type: 'quantitative', title: 'cos(g_i, g_j)', scale: { scheme: 'redblue', domain: [-1, 1] }, legend: { orient: 'right', direction: 'vertical', gradientLength: 160 } },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}

import type { TopLevelSpec } from 'vega-lite';
import { learningCurvesSpec } from './learning-curves-spec';

/** One sparsity trajectory: a schedule or a method's measured sparsity over training. */
export interface SparsitySeries {
  readonly label: string;
  readonly points: readonly { readonly step: number; readonly sparsity: number }[];
}

/**
 * Sparsity over training (the paper's Fig. 2: the 40M and 100M schedules reaching 95%): one line per
 * schedule, y as a percentage from 0 to 100%.
 */
export function sparsityScheduleSpec(series: readonly SparsitySeries[], options: { readonly title?: string; readonly xTitle?: string } = {}): TopLevelSpec {
  return learningCurvesSpec(
    series.map((s) => ({ label: s.label, points: s.points.map((p) => ({ step: p.step, point: p.sparsity, lower: p.sparsity, upper: p.sparsity })) })),
    { ...options, yTitle: 'Sparsity', yDomain: [0, 1], yFormat: '.0%', points: false },
  );
}

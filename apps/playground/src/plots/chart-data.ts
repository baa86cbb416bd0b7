import type { CurvePoint, LayerView } from '../protocol';

/** What the charts plot, accumulated from the training worker's messages. */
export interface ChartData {
  readonly episodes: CurvePoint[];
  readonly iterations: CurvePoint[];
  readonly evaluations: CurvePoint[];
  readonly measured: CurvePoint[];
  readonly scheduled: CurvePoint[];
  finalTarget: number | undefined;
  layers: readonly LayerView[];
}

export const emptyChartData = (): ChartData => ({ episodes: [], iterations: [], evaluations: [], measured: [], scheduled: [], finalTarget: undefined, layers: [] });

import { learningCurvesSpec, PLOT_CONFIG, renderSvg, sparsityScheduleSpec } from '@prunerl/evaluation';
import type { CurvePoint } from '../protocol';
import type { ChartData } from './chart-data';

/** The three plots as SVG strings (or a line saying why a plot is empty). */
export interface ChartSvgs {
  readonly curve: string;
  readonly schedule: string;
  readonly layers: string;
}

const SIZE = { width: 300, height: 170 };
const asCurve = (points: readonly CurvePoint[]) => points.map((p) => ({ step: p.step, point: p.value, lower: p.value, upper: p.value }));

/**
 * The page's plots, built with @prunerl/evaluation's vega-lite spec builders (the report's
 * learning-curve and sparsity-schedule figures) and rendered to SVG by its `renderSvg`, as the
 * HTML report renders them. Runs in the plot worker, so vega's layout never blocks the page.
 */
export async function chartSvgs(data: ChartData): Promise<ChartSvgs> {
  const [curve, schedule, layers] = await Promise.all([renderCurve(data), renderSchedule(data), renderLayers(data)]);
  return { curve, schedule, layers };
}

/** Episode returns as a running mean over the last `window` episodes, at most `maxPoints` of them. */
export function runningMean(points: readonly CurvePoint[], window = 20, maxPoints = 50): CurvePoint[] {
  const out: CurvePoint[] = [];
  let sum = 0;
  points.forEach((p, i) => {
    sum += p.value - (i >= window ? points[i - window]!.value : 0);
    out.push({ step: p.step, value: sum / Math.min(i + 1, window) });
  });
  const stride = Math.ceil(out.length / maxPoints);
  return out.filter((_, i) => (out.length - 1 - i) % stride === 0);
}

function renderCurve(data: ChartData): Promise<string> {
  const series = [
    { label: 'episodes (mean of 20)', points: asCurve(runningMean(data.episodes)) },
    { label: 'iteration mean', points: asCurve(data.iterations) },
    { label: 'evaluation', points: asCurve(data.evaluations) },
  ].filter((s) => s.points.length > 0);
  if (series.length === 0) return Promise.resolve('<p class="empty">learning curves appear with the first episode</p>');
  return renderSvg(learningCurvesSpec(series, { title: 'Return', yTitle: 'Return', ...SIZE, points: true }));
}

function renderSchedule(data: ChartData): Promise<string> {
  if (data.measured.length === 0) return Promise.resolve('<p class="empty">no pruner, or no update yet</p>');
  const last = data.measured[data.measured.length - 1]!.step;
  const toSeries = (label: string, points: readonly CurvePoint[]) => ({ label, points: points.map((p) => ({ step: p.step, sparsity: p.value })) });
  const series = [toSeries('measured', data.measured), toSeries('scheduled', data.scheduled)];
  if (data.finalTarget !== undefined) series.push(toSeries('final target', [{ step: 0, value: data.finalTarget }, { step: last, value: data.finalTarget }]));
  const spec = sparsityScheduleSpec(series, { title: 'Sparsity schedule' });
  return renderSvg({ ...spec, ...SIZE } as typeof spec);
}

/** Per-layer sparsity as bars with the layer's current target as a tick (a spec of its own, in the report's style). */
function renderLayers(data: ChartData): Promise<string> {
  if (data.layers.length === 0) return Promise.resolve('<p class="empty">per-layer sparsity appears once a pruner runs</p>');
  const values = data.layers.map((l) => ({ layer: l.name.replace(/\/kernel$/, ''), sparsity: l.sparsity, target: l.target }));
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: PLOT_CONFIG,
    title: 'Per-layer sparsity',
    ...SIZE,
    data: { values },
    encoding: { y: { field: 'layer', type: 'nominal', title: null, sort: null } },
    layer: [
      { mark: { type: 'bar', color: '#0173b2' }, encoding: { x: { field: 'sparsity', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' }, title: 'Sparsity (bar) and target (tick)' } } },
      { mark: { type: 'tick', color: '#de8f05', thickness: 3 }, encoding: { x: { field: 'target', type: 'quantitative' } } },
    ],
  });
}

import { ShapeError } from '@prunerl/core';
import type { ScoresOverSteps } from '../scores/score-table';
import type { ScoresByTask } from '../scores/scores-by-task';
import { aggregateIqm } from './aggregate-iqm';
import { resolveBootstrapOptions, streamName, type BootstrapOptions } from './bootstrap-options';
import type { IntervalEstimate } from './interval-estimate';
import { stratifiedBootstrap } from './stratified-bootstrap';

/** One point of a sample-efficiency curve. */
export interface CurvePoint extends IntervalEstimate {
  readonly step: number;
}

/**
 * Sample-efficiency curves (rliable's `plot_sample_efficiency_curve` inputs; the paper's learning
 * curves, PAPER.md 4.2): for each method and each step, the aggregate (IQM by default) of the scores
 * at that step with its stratified-bootstrap interval. As in rliable, where a runs x tasks x steps
 * array is resampled with independent run indices per step, every step is bootstrapped on its own
 * (here from its own stream, `rng.split(method).split(stepIndex)`).
 */
export function sampleEfficiencyCurves(
  curveDict: Readonly<Record<string, ScoresOverSteps>>,
  aggregate: (scores: ScoresByTask) => number = aggregateIqm,
  options: BootstrapOptions = {},
): Record<string, CurvePoint[]> {
  const resolved = resolveBootstrapOptions(options, 'sampleEfficiencyCurves options');
  const out: Record<string, CurvePoint[]> = {};
  for (const [method, { steps, scores }] of Object.entries(curveDict)) {
    if (steps.length !== scores.length) {
      throw new ShapeError({ field: `sampleEfficiencyCurves(${method}).scores`, value: scores.length, expected: `one ScoresByTask per step (${steps.length})` });
    }
    const rng = resolved.rng.split(streamName(method));
    out[method] = steps.map((step, i) => ({
      step,
      ...stratifiedBootstrap([scores[i]!], aggregate, {
        reps: resolved.reps,
        confidence: resolved.confidence,
        rng: rng.split(i),
        taskBootstrap: resolved.taskBootstrap,
      }).estimates[0]!,
    }));
  }
  return out;
}

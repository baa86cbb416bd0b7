import type { ScoresByTask } from '../scores/scores-by-task';
import { resolveBootstrapOptions, streamName, type BootstrapOptions } from './bootstrap-options';
import type { IntervalEstimate } from './interval-estimate';
import { stratifiedBootstrap, type ScoreStatistic } from './stratified-bootstrap';

/**
 * rliable's `get_interval_estimates`: for every entry of `scoreDict` (a method, or a pair of methods
 * given as two-element arrays), the statistic's point estimate and stratified-bootstrap percentile
 * interval, one {@link IntervalEstimate} per output of the statistic.
 *
 * Each key draws from its own stream (`rng.split(key)`), so adding or reordering methods does not
 * change any other method's interval.
 *
 * @example
 * ```ts
 * const iqm = intervalEstimates({ dense: denseScores, pruned: prunedScores }, aggregateIqm, { seed: 0 });
 * iqm.pruned[0]; // { point, lower, upper }
 * ```
 */
export function intervalEstimates(
  scoreDict: Readonly<Record<string, ScoresByTask | readonly ScoresByTask[]>>,
  statistic: ScoreStatistic,
  options: BootstrapOptions = {},
): Record<string, IntervalEstimate[]> {
  const resolved = resolveBootstrapOptions(options, 'intervalEstimates options');
  const out: Record<string, IntervalEstimate[]> = {};
  for (const [key, value] of Object.entries(scoreDict)) {
    const inputs = isScoresByTask(value) ? [value] : (value as readonly ScoresByTask[]);
    out[key] = [
      ...stratifiedBootstrap(inputs, statistic, {
        reps: resolved.reps,
        confidence: resolved.confidence,
        rng: resolved.rng.split(streamName(key)),
        taskBootstrap: resolved.taskBootstrap,
      }).estimates,
    ];
  }
  return out;
}

/** True for one method's scores (an array of per-task arrays of numbers), false for a list of them. */
function isScoresByTask(value: ScoresByTask | readonly ScoresByTask[]): value is ScoresByTask {
  const first = value[0] as unknown;
  if (first === undefined || first === null || typeof first !== 'object') return true;
  const inner = (first as ArrayLike<unknown>)[0];
  return typeof inner === 'number' || inner === undefined;
}

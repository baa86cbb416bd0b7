import { ConfigError } from '@prunerl/core';
import type { ScoresByTask } from '../scores/scores-by-task';
import type { BootstrapOptions } from './bootstrap-options';
import type { IntervalEstimate } from './interval-estimate';
import { intervalEstimates } from './interval-estimates';
import { probabilityOfImprovement } from './probability-of-improvement';

/** One compared pair and its estimate. */
export interface ProbabilityOfImprovementEstimate extends IntervalEstimate {
  /** Algorithm X (the one that improves). */
  readonly x: string;
  /** Algorithm Y (the one improved upon). */
  readonly y: string;
}

/**
 * Average probability of improvement P(X > Y) with its stratified independent bootstrap interval
 * (rliable: `get_interval_estimates({'X,Y': [scores_x, scores_y]}, probability_of_improvement)`):
 * each replicate resamples X's runs and Y's runs independently within every task.
 *
 * @param scoreDict - every method's final scores, on the same tasks in the same order.
 * @param pairs - the `[x, y]` pairs to compare (names of `scoreDict`).
 */
export function probabilityOfImprovementEstimates(
  scoreDict: Readonly<Record<string, ScoresByTask>>,
  pairs: readonly (readonly [string, string])[],
  options: BootstrapOptions = {},
): ProbabilityOfImprovementEstimate[] {
  const dict: Record<string, readonly ScoresByTask[]> = {};
  pairs.forEach(([x, y], i) => {
    for (const name of [x, y]) {
      if (!(name in scoreDict)) {
        throw new ConfigError({ field: `probabilityOfImprovementEstimates(pairs[${i}])`, value: name, expected: `one of ${Object.keys(scoreDict).join(', ')}` });
      }
    }
    dict[`${x}\u0000${y}`] = [scoreDict[x]!, scoreDict[y]!];
  });
  const estimates = intervalEstimates(dict, (sx, sy) => probabilityOfImprovement(sx!, sy!), options);
  return pairs.map(([x, y]) => ({ x, y, ...estimates[`${x}\u0000${y}`]![0]! }));
}

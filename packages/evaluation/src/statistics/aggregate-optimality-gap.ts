import { checkNumber } from '@prunerl/core';
import { checkScoresByTask, type ScoresByTask } from '../scores/scores-by-task';

/**
 * Optimality gap (rliable's `aggregate_optimality_gap`): `gamma - mean(min(score, gamma))` over all
 * runs and tasks, i.e. how far runs fall short of the target `gamma` (default 1, human level for
 * human-normalised scores). Lower is better; scores above `gamma` earn nothing extra.
 */
export function aggregateOptimalityGap(scores: ScoresByTask, gamma = 1): number {
  checkScoresByTask('aggregateOptimalityGap(scores)', scores);
  checkNumber('aggregateOptimalityGap(gamma)', gamma);
  let sum = 0;
  let n = 0;
  for (const runs of scores) {
    for (let r = 0; r < runs.length; r++) {
      sum += Math.min(runs[r]!, gamma);
      n++;
    }
  }
  return gamma - sum / n;
}

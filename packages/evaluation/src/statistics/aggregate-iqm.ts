import { checkScoresByTask, pooledScores, type ScoresByTask } from '../scores/scores-by-task';
import { trimMean } from './trim-mean';

/**
 * Interquartile mean over all runs and tasks (rliable's `aggregate_iqm`): the 25% trimmed mean of the
 * pooled scores (PAPER.md 4.2). With ragged seeds every run counts once, so tasks with more runs
 * weigh more.
 */
export function aggregateIqm(scores: ScoresByTask): number {
  checkScoresByTask('aggregateIqm(scores)', scores);
  return trimMean(pooledScores(scores), 0.25);
}

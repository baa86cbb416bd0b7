import { checkScoresByTask, type ScoresByTask } from '../scores/scores-by-task';
import { percentileOfSorted } from './percentile';
import { taskMeans } from './task-means';

/** Median over tasks of each task's mean run score (rliable's `aggregate_median`). */
export function aggregateMedian(scores: ScoresByTask): number {
  checkScoresByTask('aggregateMedian(scores)', scores);
  return percentileOfSorted(taskMeans(scores).sort(), 50);
}

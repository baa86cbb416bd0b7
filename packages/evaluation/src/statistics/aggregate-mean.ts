import { checkScoresByTask, type ScoresByTask } from '../scores/scores-by-task';
import { taskMeans } from './task-means';

/** Mean over tasks of each task's mean run score (rliable's `aggregate_mean`). */
export function aggregateMean(scores: ScoresByTask): number {
  checkScoresByTask('aggregateMean(scores)', scores);
  const means = taskMeans(scores);
  let sum = 0;
  for (let t = 0; t < means.length; t++) sum += means[t]!;
  return sum / means.length;
}

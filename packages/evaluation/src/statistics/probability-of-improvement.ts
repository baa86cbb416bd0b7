import { ShapeError } from '@prunerl/core';
import { checkScoresByTask, type ScoresByTask } from '../scores/scores-by-task';

/**
 * P(X_m > Y_m) for one task: the Mann-Whitney U statistic of `x` over `y` divided by
 * `|x| * |y|`, i.e. the fraction of run pairs where X beats Y, ties counting one half. Identical
 * samples give exactly 0.5 (rliable special-cases them the same way).
 */
export function taskProbabilityOfImprovement(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length === y.length) {
    let equal = true;
    for (let i = 0; i < x.length && equal; i++) equal = x[i] === y[i];
    if (equal) return 0.5;
  }
  let u = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    for (let j = 0; j < y.length; j++) {
      const yj = y[j]!;
      if (xi > yj) u += 1;
      else if (xi === yj) u += 0.5;
    }
  }
  return u / (x.length * y.length);
}

/**
 * Average probability of improvement of algorithm X over Y (rliable's
 * `probability_of_improvement`): the mean over tasks of P(X_m > Y_m), where a run of X and a run of
 * Y on the same task are compared (Mann-Whitney). Both arguments must list the same tasks in the
 * same order; their numbers of runs may differ.
 */
export function probabilityOfImprovement(x: ScoresByTask, y: ScoresByTask): number {
  checkScoresByTask('probabilityOfImprovement(x)', x);
  checkScoresByTask('probabilityOfImprovement(y)', y);
  if (x.length !== y.length) {
    throw new ShapeError({
      field: 'probabilityOfImprovement(y)',
      value: y.length,
      expected: `scores on the same ${x.length} tasks as x`,
    });
  }
  let sum = 0;
  for (let t = 0; t < x.length; t++) sum += taskProbabilityOfImprovement(x[t]!, y[t]!);
  return sum / x.length;
}

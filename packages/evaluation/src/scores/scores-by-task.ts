import { ShapeError } from '@prunerl/core';

/**
 * Scores of one method on a suite, task-major: `scores[t][r]` is the score of run `r` on task `t`.
 * Tasks may have different numbers of runs (ragged seeds). Every statistic that compares methods
 * (probability of improvement) expects the same task order for both methods; {@link ScoreTable}
 * builds aligned arrays.
 *
 * rliable stores the transpose, a `(num_runs x num_tasks)` matrix; {@link fromRunsByTasks} converts.
 */
export type ScoresByTask = readonly ArrayLike<number>[];

/**
 * Converts rliable's layout, a runs x tasks matrix (`matrix[run][task]`), into {@link ScoresByTask}.
 * Every row must have the same number of tasks.
 */
export function fromRunsByTasks(matrix: readonly ArrayLike<number>[]): number[][] {
  if (matrix.length === 0) return [];
  const numTasks = matrix[0]!.length;
  const out: number[][] = Array.from({ length: numTasks }, () => new Array<number>(matrix.length));
  matrix.forEach((row, r) => {
    if (row.length !== numTasks) {
      throw new ShapeError({ field: `matrix[${r}]`, value: row.length, expected: `${numTasks} task scores, like row 0` });
    }
    for (let t = 0; t < numTasks; t++) out[t]![r] = row[t]!;
  });
  return out;
}

/**
 * Throws a {@link ShapeError} unless `scores` has at least one task, every task at least one run and
 * every score is finite. `field` names the argument in the message.
 */
export function checkScoresByTask(field: string, scores: ScoresByTask): void {
  if (!Array.isArray(scores as unknown) || scores.length === 0) {
    throw new ShapeError({ field, value: scores, expected: 'scores of at least one task (an array of per-task run arrays)' });
  }
  scores.forEach((runs, t) => {
    if (runs === null || typeof runs !== 'object' || typeof runs.length !== 'number' || runs.length === 0) {
      throw new ShapeError({ field: `${field}[${t}]`, value: runs, expected: 'a non-empty array of run scores' });
    }
    for (let r = 0; r < runs.length; r++) {
      if (typeof runs[r] !== 'number' || !Number.isFinite(runs[r])) {
        throw new ShapeError({ field: `${field}[${t}][${r}]`, value: runs[r], expected: 'a finite score' });
      }
    }
  });
}

/** Total number of runs over all tasks. */
export function countRuns(scores: ScoresByTask): number {
  let n = 0;
  for (const runs of scores) n += runs.length;
  return n;
}

/** All scores in one array, task after task (the pooled sample rliable's IQM trims). */
export function pooledScores(scores: ScoresByTask): Float64Array {
  const out = new Float64Array(countRuns(scores));
  let k = 0;
  for (const runs of scores) for (let r = 0; r < runs.length; r++) out[k++] = runs[r]!;
  return out;
}

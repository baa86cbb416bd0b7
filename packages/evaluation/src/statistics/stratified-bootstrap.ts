import type { Rng } from '@prunerl/core';
import { ShapeError } from '@prunerl/core';
import { checkScoresByTask, type ScoresByTask } from '../scores/scores-by-task';
import { resolveBootstrapOptions, type BootstrapOptions } from './bootstrap-options';
import type { IntervalEstimate } from './interval-estimate';
import { percentileOfSorted } from './percentile';

/** A statistic of one or more methods' scores: one number, or a vector of numbers. */
export type ScoreStatistic = (...scores: ScoresByTask[]) => number | ArrayLike<number>;

/** What {@link stratifiedBootstrap} returns. */
export interface BootstrapResult {
  /** The statistic on the original data, one entry per output of the statistic. */
  readonly estimates: readonly IntervalEstimate[];
  /** The replicate values, `replicates[k][b]` for output k and replicate b (unsorted). */
  readonly replicates: readonly Float64Array[];
  readonly reps: number;
  readonly confidence: number;
}

/**
 * Stratified bootstrap confidence intervals (Agarwal et al. 2021, rliable's `StratifiedBootstrap`
 * and `StratifiedIndependentBootstrap`; PAPER.md 4.3).
 *
 * Each replicate resamples, for every input and independently for every task (the stratum), as many
 * runs as that task has, with replacement; the statistic is recomputed on the resample. With several
 * inputs (e.g. the two methods of a probability of improvement) each is resampled independently, as
 * rliable does. The interval is the percentile interval: the `(1 - confidence) / 2` and
 * `(1 + confidence) / 2` percentiles of the replicates (numpy's linear interpolation, as arch uses).
 *
 * With `taskBootstrap`, tasks are drawn with replacement too (the same task draw for every input of a
 * replicate, so that paired statistics stay paired), then runs within each drawn task.
 *
 * Deterministic: the same inputs, statistic and `rng`/`seed` give the same intervals.
 *
 * @example
 * ```ts
 * const { estimates } = stratifiedBootstrap([scores], aggregateIqm, { reps: 2000, seed: 1 });
 * const { point, lower, upper } = estimates[0];
 * ```
 */
export function stratifiedBootstrap(inputs: readonly ScoresByTask[], statistic: ScoreStatistic, options: BootstrapOptions = {}): BootstrapResult {
  const { reps, confidence, rng, taskBootstrap } = resolveBootstrapOptions(options, 'stratifiedBootstrap options');
  if (!Array.isArray(inputs as unknown) || inputs.length === 0) {
    throw new ShapeError({ field: 'stratifiedBootstrap(inputs)', value: inputs, expected: 'a non-empty array of ScoresByTask' });
  }
  inputs.forEach((scores, i) => checkScoresByTask(`stratifiedBootstrap(inputs[${i}])`, scores));
  const numTasks = inputs[0]!.length;
  if (taskBootstrap && inputs.some((s) => s.length !== numTasks)) {
    throw new ShapeError({ field: 'stratifiedBootstrap(inputs)', value: inputs.map((s) => s.length), expected: 'the same number of tasks in every input when taskBootstrap is on' });
  }

  const point = toVector(statistic(...inputs), 'the statistic on the original scores');
  const dims = point.length;
  const replicates = Array.from({ length: dims }, () => new Float64Array(reps));
  const buffers = inputs.map((scores) => scores.map((runs) => new Float64Array(runs.length)));
  const taskOrder = new Int32Array(numTasks);
  // Resampled views: with taskBootstrap a task's buffer is sized by the task drawn into its slot.
  const views: Float64Array[][] = buffers.map((b) => [...b]);

  for (let b = 0; b < reps; b++) {
    if (taskBootstrap) {
      for (let t = 0; t < numTasks; t++) taskOrder[t] = Math.floor(rng.uniform() * numTasks);
    }
    for (let i = 0; i < inputs.length; i++) {
      const scores = inputs[i]!;
      const view = views[i]!;
      for (let t = 0; t < scores.length; t++) {
        const source = scores[taskBootstrap ? taskOrder[t]! : t]!;
        const target = taskBootstrap ? new Float64Array(source.length) : buffers[i]![t]!;
        resampleInto(source, target, rng);
        view[t] = target;
      }
    }
    const value = statistic(...views);
    if (dims === 1 && typeof value === 'number') {
      replicates[0]![b] = value;
    } else {
      const vector = toVector(value, `the statistic on replicate ${b}`);
      if (vector.length !== dims) {
        throw new ShapeError({ field: 'stratifiedBootstrap(statistic)', value: vector.length, expected: `${dims} outputs on every replicate, as on the original scores` });
      }
      for (let k = 0; k < dims; k++) replicates[k]![b] = vector[k]!;
    }
  }

  const alpha = (1 - confidence) / 2;
  const estimates = point.map((p, k) => {
    const sorted = Float64Array.from(replicates[k]!).sort();
    return { point: p, lower: percentileOfSorted(sorted, 100 * alpha), upper: percentileOfSorted(sorted, 100 * (1 - alpha)) };
  });
  return { estimates, replicates, reps, confidence };
}

function resampleInto(source: ArrayLike<number>, target: Float64Array, rng: Rng): void {
  const n = source.length;
  for (let r = 0; r < n; r++) target[r] = source[Math.floor(rng.uniform() * n)]!;
}

function toVector(value: number | ArrayLike<number>, what: string): number[] {
  const vector = typeof value === 'number' ? [value] : Array.from(value);
  if (vector.length === 0 || vector.some((v) => typeof v !== 'number' || Number.isNaN(v))) {
    throw new ShapeError({ field: 'stratifiedBootstrap(statistic)', value: vector, expected: `a number or a non-empty vector of numbers (not NaN) from ${what}` });
  }
  return vector;
}

import { checkBoolean, checkKnownKeys, ShapeError } from '@prunerl/core';
import { checkScoresByTask, pooledScores, type ScoresByTask } from '../scores/scores-by-task';
import { resolveBootstrapOptions, streamName, type BootstrapOptions } from './bootstrap-options';
import { stratifiedBootstrap } from './stratified-bootstrap';
import { taskMeans } from './task-means';

/** Options of {@link performanceProfiles}. */
export interface PerformanceProfileOptions extends BootstrapOptions {
  /**
   * `true` (default): the score distribution, the fraction of all runs with score > tau. `false`:
   * the average-score distribution, the fraction of tasks whose mean score is > tau (rliable's
   * `use_score_distribution`).
   */
  readonly useScoreDistribution?: boolean;
}

/** One method's profile: `fraction[i]` at `taus[i]`, with its pointwise confidence band. */
export interface PerformanceProfile {
  readonly taus: readonly number[];
  readonly fraction: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/**
 * The profile without intervals: for each tau, the fraction of runs (or of task means) strictly
 * above it (rliable's `run_score_deviation` / `mean_score_deviation`).
 */
export function performanceProfile(scores: ScoresByTask, taus: readonly number[], useScoreDistribution = true): number[] {
  checkScoresByTask('performanceProfile(scores)', scores);
  const sample = useScoreDistribution ? pooledScores(scores) : taskMeans(scores);
  return fractionAbove(sample.sort(), taus);
}

/**
 * Performance profiles with stratified-bootstrap confidence bands (rliable's
 * `create_performance_profile`; Agarwal et al. 2021, Fig. 5): for each method the fraction of runs
 * scoring above each threshold tau, and the pointwise percentile interval of that fraction.
 */
export function performanceProfiles(
  scoreDict: Readonly<Record<string, ScoresByTask>>,
  taus: readonly number[],
  options: PerformanceProfileOptions = {},
): Record<string, PerformanceProfile> {
  const { useScoreDistribution = true, ...bootstrapOptions } = options;
  checkKnownKeys('performanceProfiles options', options, ['useScoreDistribution', 'reps', 'confidence', 'rng', 'seed', 'taskBootstrap']);
  checkBoolean('performanceProfiles options.useScoreDistribution', useScoreDistribution);
  if (!Array.isArray(taus as unknown) || taus.length === 0 || taus.some((t) => typeof t !== 'number' || Number.isNaN(t))) {
    throw new ShapeError({ field: 'performanceProfiles(taus)', value: taus, expected: 'a non-empty array of thresholds' });
  }
  const resolved = resolveBootstrapOptions(bootstrapOptions, 'performanceProfiles options');
  const statistic = (scores: ScoresByTask): number[] => {
    const sample = useScoreDistribution ? pooledScores(scores) : taskMeans(scores);
    return fractionAbove(sample.sort(), taus);
  };
  const out: Record<string, PerformanceProfile> = {};
  for (const [method, scores] of Object.entries(scoreDict)) {
    const { estimates } = stratifiedBootstrap([scores], statistic, {
      reps: resolved.reps,
      confidence: resolved.confidence,
      rng: resolved.rng.split(streamName(method)),
      taskBootstrap: resolved.taskBootstrap,
    });
    out[method] = {
      taus: [...taus],
      fraction: estimates.map((e) => e.point),
      lower: estimates.map((e) => e.lower),
      upper: estimates.map((e) => e.upper),
    };
  }
  return out;
}

/**
 * Evenly spaced thresholds from `min` to `max` inclusive (numpy's `linspace`), e.g. rliable's
 * `np.linspace(0.0, 8.0, 81)` for Atari.
 */
export function linspace(min: number, max: number, count: number): number[] {
  if (count === 1) return [min];
  const step = (max - min) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? max : min + i * step));
}

/** For ascending `sorted`, the fraction of entries strictly greater than each tau (binary search). */
function fractionAbove(sorted: Float64Array, taus: readonly number[]): number[] {
  const n = sorted.length;
  return taus.map((tau) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! > tau) hi = mid;
      else lo = mid + 1;
    }
    return (n - lo) / n;
  });
}

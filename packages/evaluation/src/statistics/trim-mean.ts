import { ConfigError, ShapeError } from '@prunerl/core';

/**
 * Trimmed mean with `scipy.stats.trim_mean` semantics: sort the n values, drop
 * `floor(proportion * n)` from each end, average the rest. With `proportion = 0.25` this is the
 * interquartile mean (IQM) rliable reports. For n < 4 nothing is trimmed at 0.25 (scipy does the
 * same), so IQM of three values is their mean.
 *
 * @param values - the sample (not modified).
 * @param proportion - fraction cut from each end, in [0, 0.5).
 */
export function trimMean(values: ArrayLike<number>, proportion: number): number {
  if (typeof proportion !== 'number' || !(proportion >= 0 && proportion < 0.5)) {
    throw new ConfigError({ field: 'trimMean(proportion)', value: proportion, expected: 'a number in [0, 0.5)' });
  }
  const n = values.length;
  if (n === 0) throw new ShapeError({ field: 'trimMean(values)', value: values, expected: 'at least one value' });
  const sorted = Float64Array.from(values).sort();
  return trimMeanOfSorted(sorted, proportion);
}

/** {@link trimMean} of values already sorted ascending (the bootstrap sorts in place to save copies). */
export function trimMeanOfSorted(sorted: Float64Array, proportion: number): number {
  const n = sorted.length;
  // scipy: lowercut = int(proportiontocut * nobs); uppercut = nobs - lowercut.
  const lowercut = Math.floor(proportion * n);
  const uppercut = n - lowercut;
  let sum = 0;
  for (let i = lowercut; i < uppercut; i++) sum += sorted[i]!;
  return sum / (uppercut - lowercut);
}

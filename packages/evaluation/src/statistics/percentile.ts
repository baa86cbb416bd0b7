import { ConfigError, ShapeError } from '@prunerl/core';

/**
 * The q-th percentile (q in [0, 100]) of `sorted` (ascending), with numpy's default `linear` method:
 * the virtual index is `q/100 * (n - 1)` and neighbours are blended as numpy's `_lerp` does (from
 * the upper neighbour when the fraction is >= 0.5), so results match `np.percentile` to the last
 * bit. This is what arch's percentile bootstrap (and hence rliable) uses for its intervals.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (typeof q !== 'number' || !(q >= 0 && q <= 100)) {
    throw new ConfigError({ field: 'percentile(q)', value: q, expected: 'a number in [0, 100]' });
  }
  const n = sorted.length;
  if (n === 0) throw new ShapeError({ field: 'percentile(values)', value: sorted, expected: 'at least one value' });
  const virtual = (q / 100) * (n - 1);
  const below = Math.floor(virtual);
  const above = Math.min(below + 1, n - 1);
  const t = virtual - below;
  const a = sorted[below]!;
  const b = sorted[above]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The q-th percentile of unsorted values (copied and sorted first). */
export function percentile(values: ArrayLike<number>, q: number): number {
  return percentileOfSorted(Float64Array.from(values).sort(), q);
}

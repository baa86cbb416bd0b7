import { ConfigError } from '@prunerl/core';
import { percentile, percentileOfSorted } from './percentile';

describe('percentile', () => {
  it('should interpolate linearly between order statistics like np.percentile', () => {
    // np.percentile([1, 2, 3, 4], [2.5, 50, 97.5]) == [1.075, 2.5, 3.925]
    expect(percentile([4, 1, 3, 2], 2.5)).toBeCloseTo(1.075, 15);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 97.5)).toBeCloseTo(3.925, 15);
    expect(percentile([5], 97.5)).toBe(5);
  });

  it('should return the extremes at 0 and 100', () => {
    expect(percentileOfSorted([-3, 0, 10], 0)).toBe(-3);
    expect(percentileOfSorted([-3, 0, 10], 100)).toBe(10);
  });

  it('should blend from the upper neighbour when the fraction is at least one half (numpy _lerp)', () => {
    // virtual index 0.75: b - (b - a) * 0.25 with a = 0.1, b = 0.7
    expect(percentileOfSorted([0.1, 0.7], 75)).toBe(0.7 - (0.7 - 0.1) * 0.25);
    expect(percentileOfSorted([0.1, 0.7], 25)).toBe(0.1 + (0.7 - 0.1) * 0.25);
  });

  it('should reject q outside [0, 100]', () => {
    expect(() => percentile([1, 2], 101)).toThrow(ConfigError);
  });
});

import { ConfigError, ShapeError } from '@prunerl/core';
import { trimMean } from './trim-mean';

describe('trimMean', () => {
  it('should drop floor(n/4) values from each end at proportion 0.25 (IQM)', () => {
    expect(trimMean([8, 1, 7, 2, 6, 3, 5, 4], 0.25)).toBe(4.5); // mean(3, 4, 5, 6)
    expect(trimMean([10, 1, 100, 2, 3], 0.25)).toBe(5); // n = 5 cuts 1: mean(2, 3, 10)
    expect(trimMean([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 0.25)).toBe((3 + 4 + 5 + 6 + 7 + 8) / 6); // cuts 2
  });

  it('should trim nothing when floor(proportion * n) is 0, as scipy does', () => {
    expect(trimMean([1, 2, 9], 0.25)).toBe(4);
    expect(trimMean([7], 0.25)).toBe(7);
  });

  it('should equal the mean at proportion 0 and not modify its input', () => {
    const values = [3, 1, 2];
    expect(trimMean(values, 0)).toBe(2);
    expect(values).toEqual([3, 1, 2]);
  });

  it('should reject empty samples and proportions outside [0, 0.5)', () => {
    expect(() => trimMean([], 0.25)).toThrow(ShapeError);
    expect(() => trimMean([1, 2], 0.5)).toThrow(ConfigError);
    expect(() => trimMean([1, 2], -0.1)).toThrow(/trimMean\(proportion\): expected a number in \[0, 0.5\)/);
  });
});

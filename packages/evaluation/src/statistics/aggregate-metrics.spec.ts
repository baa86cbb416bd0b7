import { ShapeError } from '@prunerl/core';
import { fromRunsByTasks } from '../scores/scores-by-task';
import { aggregateIqm } from './aggregate-iqm';
import { aggregateMean } from './aggregate-mean';
import { aggregateMedian } from './aggregate-median';
import { aggregateOptimalityGap } from './aggregate-optimality-gap';

// Three tasks, two runs each (task-major): task means 0.5, 2 and 6.
const scores = [
  [0, 1],
  [1.5, 2.5],
  [4, 8],
];

describe('aggregateIqm', () => {
  it('should be the 25% trimmed mean of all runs pooled', () => {
    // pooled sorted: 0, 1, 1.5, 2.5, 4, 8 -> cut 1 each end -> mean(1, 1.5, 2.5, 4) = 2.25
    expect(aggregateIqm(scores)).toBe(2.25);
  });

  it('should pool ragged tasks run by run', () => {
    // pooled: 0, 1, 2, 3, 10, 20, 30, 40 -> cut 2 each end -> mean(2, 3, 10, 20)
    expect(aggregateIqm([[0, 1, 2], [3], [10, 20, 30, 40]])).toBe(8.75);
  });

  it('should reject empty tasks and non-finite scores', () => {
    expect(() => aggregateIqm([[1], []])).toThrow(ShapeError);
    expect(() => aggregateIqm([[1, Number.NaN]])).toThrow(/aggregateIqm\(scores\)\[0\]\[1\]: expected a finite score/);
    expect(() => aggregateIqm([])).toThrow(ShapeError);
  });
});

describe('aggregateMean', () => {
  it('should average the per-task means', () => {
    expect(aggregateMean(scores)).toBeCloseTo((0.5 + 2 + 6) / 3, 15);
    // ragged: task means 1 and 10 -> 5.5, not the pooled mean 7.75
    expect(aggregateMean([[0, 1, 2], [10]])).toBe(5.5);
  });
});

describe('aggregateMedian', () => {
  it('should take the median of the per-task means', () => {
    expect(aggregateMedian(scores)).toBe(2);
    expect(aggregateMedian([[1], [2], [10], [20]])).toBe(6);
  });
});

describe('aggregateOptimalityGap', () => {
  it('should be gamma minus the mean of scores clipped at gamma', () => {
    // clipped at 1: 0, 1, 1, 1, 1, 1 -> mean 5/6 -> gap 1/6
    expect(aggregateOptimalityGap(scores)).toBeCloseTo(1 / 6, 15);
    // clipped at 2: 0, 1, 1.5, 2, 2, 2 -> mean 8.5/6
    expect(aggregateOptimalityGap(scores, 2)).toBeCloseTo(2 - 8.5 / 6, 15);
  });

  it('should be zero when every run reaches gamma', () => {
    expect(aggregateOptimalityGap([[1, 3], [2]])).toBe(0);
  });
});

describe('fromRunsByTasks', () => {
  it('should transpose rliable runs x tasks matrices', () => {
    expect(fromRunsByTasks([[0, 1.5, 4], [1, 2.5, 8]])).toEqual(scores);
  });

  it('should reject rows of different lengths', () => {
    expect(() => fromRunsByTasks([[0, 1], [2]])).toThrow(ShapeError);
  });
});

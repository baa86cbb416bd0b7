import { ShapeError } from '@prunerl/core';
import { probabilityOfImprovement, taskProbabilityOfImprovement } from './probability-of-improvement';

describe('taskProbabilityOfImprovement', () => {
  it('should count pairs where X beats Y, ties as one half (Mann-Whitney U / (nx ny))', () => {
    // 1 vs (2, 2): 0 + 0; 2 vs (2, 2): 0.5 + 0.5; 3 vs (2, 2): 1 + 1 -> 3 / 6
    expect(taskProbabilityOfImprovement([1, 2, 3], [2, 2])).toBe(0.5);
    // 3 vs (1, 2, 3): 2.5; 4 vs (1, 2, 3): 3 -> 5.5 / 6
    expect(taskProbabilityOfImprovement([3, 4], [1, 2, 3])).toBeCloseTo(5.5 / 6, 15);
    expect(taskProbabilityOfImprovement([5, 6], [1, 2])).toBe(1);
    expect(taskProbabilityOfImprovement([1, 2], [5, 6])).toBe(0);
  });

  it('should give one half for identical samples', () => {
    expect(taskProbabilityOfImprovement([1, 5, 9], [1, 5, 9])).toBe(0.5);
  });
});

describe('probabilityOfImprovement', () => {
  it('should average the per-task probabilities', () => {
    expect(probabilityOfImprovement([[5, 6], [3, 4]], [[1, 2], [1, 2, 3]])).toBeCloseTo((1 + 5.5 / 6) / 2, 15);
  });

  it('should be antisymmetric: P(X > Y) + P(Y > X) = 1', () => {
    const x = [[0.1, 0.9, 0.5], [2, 2]];
    const y = [[0.5, 0.7], [1, 2, 3]];
    expect(probabilityOfImprovement(x, y) + probabilityOfImprovement(y, x)).toBeCloseTo(1, 15);
  });

  it('should reject inputs on different numbers of tasks', () => {
    expect(() => probabilityOfImprovement([[1]], [[1], [2]])).toThrow(ShapeError);
  });
});

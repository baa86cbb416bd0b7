import { Rng } from '@prunerl/core';
import { initialBias, initialKernel } from './initializer';

function stats(values: Float32Array): { mean: number; variance: number; maxAbs: number } {
  let sum = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) * (v - mean);
  return { mean, variance: sq / values.length, maxAbs };
}

describe('initialKernel', () => {
  const rng = (): Rng => Rng.fromSeed(1).split('init');

  it('should draw xavier-uniform within sqrt(6 / (fanIn + fanOut)) with the uniform variance', () => {
    const values = initialKernel('xavier-uniform', [200, 100], rng());
    const limit = Math.sqrt(6 / 300);
    const s = stats(values);
    expect(s.maxAbs).toBeLessThanOrEqual(limit);
    expect(s.maxAbs).toBeGreaterThan(0.99 * limit);
    expect(s.variance).toBeCloseTo((limit * limit) / 3, 3);
    expect(Math.abs(s.mean)).toBeLessThan(0.01 * limit);
  });

  it('should draw variance-scaling(1/sqrt(3), fan_in, uniform) with variance 1/(sqrt(3) fanIn)', () => {
    const values = initialKernel('variance-scaling', [8, 8, 4, 32], rng());
    const fanIn = 8 * 8 * 4;
    const s = stats(values);
    expect(s.maxAbs).toBeLessThanOrEqual(Math.sqrt(Math.sqrt(3) / fanIn));
    expect(s.variance / (1 / Math.sqrt(3) / fanIn)).toBeCloseTo(1, 1);
  });

  it('should draw lecun-normal truncated at two standard deviations with variance 1/fanIn', () => {
    const values = initialKernel('lecun-normal', [3, 3, 32, 64], rng());
    const fanIn = 3 * 3 * 32;
    const s = stats(values);
    expect(s.maxAbs).toBeLessThanOrEqual((2 * Math.sqrt(1 / fanIn)) / 0.87962566103423978);
    expect(s.variance * fanIn).toBeCloseTo(1, 1);
  });

  it('should draw PyTorch defaults within 1/sqrt(fanIn), biases included; zero biases otherwise', () => {
    const kernel = stats(initialKernel('torch-default', [1024, 128], rng()));
    expect(kernel.maxAbs).toBeLessThanOrEqual(1 / 32);
    expect(kernel.variance * 3 * 1024).toBeCloseTo(1, 1);
    const bias = initialBias('torch-default', 128, 1024, rng());
    expect(stats(bias).maxAbs).toBeLessThanOrEqual(1 / 32);
    expect(bias.some((b) => b !== 0)).toBe(true);
    expect(initialBias('xavier-uniform', 4, 10, rng())).toEqual(new Float32Array(4));
  });

  it('should be a pure function of the stream', () => {
    expect(initialKernel('lecun-normal', [5, 7], rng())).toEqual(initialKernel('lecun-normal', [5, 7], rng()));
    expect(initialKernel('xavier-uniform', [5, 7], rng())).not.toEqual(initialKernel('xavier-uniform', [5, 7], Rng.fromSeed(2).split('init')));
  });
});

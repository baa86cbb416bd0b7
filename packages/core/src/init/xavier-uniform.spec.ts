import { Rng } from '../rng/rng';
import { fansOf, xavierUniform } from './xavier-uniform';

describe('xavierUniform', () => {
  it('should draw U(-l, l) with l = sqrt(6 / (fan_in + fan_out)), conv fans times the receptive field', () => {
    const values = xavierUniform([3, 3, 16, 32], Rng.fromSeed(0));
    const limit = Math.sqrt(6 / (9 * 16 + 9 * 32));
    expect(values.length).toBe(9 * 16 * 32);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.99 * limit);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.01 * limit);
    // Var U(-l, l) = l^2 / 3 = 2 / (fan_in + fan_out).
    expect(variance).toBeCloseTo(2 / (9 * 16 + 9 * 32), 4);
  });
});

describe('fansOf', () => {
  it('should count the receptive field in both fans of a conv kernel, as JAX does', () => {
    expect(fansOf([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(fansOf([100, 10])).toEqual({ fanIn: 100, fanOut: 10 });
  });
});

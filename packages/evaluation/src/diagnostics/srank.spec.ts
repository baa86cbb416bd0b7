import { ConfigError, Rng, ShapeError } from '@prunerl/core';
import { singularValues, srank } from './srank';

/** rows x cols matrix of rank r: (rows x r) times (r x cols), Gaussian factors. */
function lowRank(rng: Rng, rows: number, cols: number, r: number): Float64Array {
  const a = Float64Array.from({ length: rows * r }, () => rng.normal());
  const b = Float64Array.from({ length: r * cols }, () => rng.normal());
  const x = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let k = 0; k < r; k++) for (let j = 0; j < cols; j++) x[i * cols + j]! += a[i * r + k]! * b[k * cols + j]!;
  return x;
}

describe('srank', () => {
  it('should count singular values up to 1 - delta of their sum', () => {
    // sum = 20: cumulative 10, 15, 18, 19, 19.5, 20 -> 0.5, 0.75, 0.9, 0.95, 0.975, 1
    const sigma = [10, 5, 3, 1, 0.5, 0.5];
    expect(srank(sigma, 0.01)).toBe(6);
    expect(srank(sigma, 0.025)).toBe(5);
    expect(srank(sigma, 0.1)).toBe(3);
    expect(srank(sigma, 0.5)).toBe(1);
    expect(srank([0.5, 10, 3, 0.5, 5, 1], 0.1)).toBe(3); // order does not matter
  });

  it('should give ceil((1 - delta) r) for r equal singular values and 0 for a zero matrix', () => {
    expect(srank(new Array(10).fill(2), 0.01)).toBe(10);
    expect(srank(new Array(200).fill(1), 0.01)).toBe(198);
    expect(srank([0, 0, 0])).toBe(0);
  });

  it('should reject delta outside [0, 1)', () => {
    expect(() => srank([1], 1)).toThrow(ConfigError);
  });
});

describe('singularValues', () => {
  it('should return known singular values, descending', () => {
    const sigma = singularValues([3, 0, 0, 4, 0, 0], 3, 2); // [[3, 0], [0, 4], [0, 0]]
    expect(sigma[0]).toBeCloseTo(4, 14);
    expect(sigma[1]).toBeCloseTo(3, 14);
    // [[1, 1], [1, 1]] has singular values 2 and 0.
    const ones = singularValues([1, 1, 1, 1], 2, 2);
    expect(ones[0]).toBeCloseTo(2, 14);
    expect(ones[1]).toBeCloseTo(0, 7);
  });

  it('should find exactly r non-negligible singular values of a rank-r matrix, both orientations', () => {
    const rng = Rng.fromSeed(4);
    for (const [rows, cols, r] of [
      [64, 32, 5],
      [20, 80, 7],
      [48, 48, 48],
    ] as const) {
      const x = lowRank(rng, rows, cols, r);
      const sigma = singularValues(x, rows, cols);
      expect(sigma.length).toBe(Math.min(rows, cols));
      const significant = Array.from(sigma).filter((s) => s > 1e-6 * sigma[0]!).length;
      expect(significant).toBe(r);
      expect(srank(sigma, 1e-9)).toBe(r);
    }
  });

  it('should give the same values for a matrix and its transpose', () => {
    const rng = Rng.fromSeed(6);
    const rows = 12;
    const cols = 30;
    const x = Float64Array.from({ length: rows * cols }, () => rng.normal());
    const t = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j]!;
    const a = singularValues(x, rows, cols);
    const b = singularValues(t, cols, rows);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 10));
    // Sum of squares equals the squared Frobenius norm.
    expect(a.reduce((s, v) => s + v * v, 0)).toBeCloseTo(x.reduce((s, v) => s + v * v, 0), 8);
  });

  it('should reject a value count that does not match the shape', () => {
    expect(() => singularValues([1, 2, 3], 2, 2)).toThrow(ShapeError);
  });
});

import { Rng, ShapeError } from '@prunerl/core';
import { symmetricEigenvalues } from './symmetric-eigenvalues';

/** Independent reference: cyclic Jacobi rotations until the off-diagonal mass vanishes. */
function jacobiEigenvalues(matrix: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => a[i * n + i]!).sort().reverse();
}

function randomSymmetric(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** Q diag(lambda) Q^T with Q = I - 2 v v^T / (v^T v), a Householder reflection. */
function withSpectrum(rng: Rng, lambda: readonly number[]): Float64Array {
  const n = lambda.length;
  const v = Array.from({ length: n }, () => rng.normal());
  const vv = v.reduce((s, x) => s + x * x, 0);
  const q = (i: number, j: number): number => (i === j ? 1 : 0) - (2 * v[i]! * v[j]!) / vv;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j]! += q(i, k) * lambda[k]! * q(j, k);
  return a;
}

describe('symmetricEigenvalues', () => {
  it('should return a known spectrum, descending, including repeated and zero eigenvalues', () => {
    const lambda = [9, 4, 4, 1, 0, 0, -2.5];
    const got = symmetricEigenvalues(withSpectrum(Rng.fromSeed(1), lambda), lambda.length);
    expect(Array.from(got)).toHaveLength(lambda.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(lambda[i]!, 12));
  });

  it('should agree with Jacobi rotations on random symmetric matrices', () => {
    const rng = Rng.fromSeed(2);
    for (const n of [1, 2, 3, 10, 40]) {
      const a = randomSymmetric(rng, n);
      const got = symmetricEigenvalues(a, n);
      const want = jacobiEigenvalues(a, n);
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-10));
    }
  });

  it('should handle diagonal and zero matrices', () => {
    expect(Array.from(symmetricEigenvalues([2, 0, 0, 0, -1, 0, 0, 0, 5], 3))).toEqual([5, 2, -1]);
    expect(Array.from(symmetricEigenvalues(new Float64Array(16), 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(symmetricEigenvalues([], 0))).toEqual([]);
  });

  it('should preserve the trace and the Frobenius norm', () => {
    const n = 25;
    const a = randomSymmetric(Rng.fromSeed(3), n);
    const lambda = symmetricEigenvalues(a, n);
    let trace = 0;
    let frob = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i]!;
    for (const v of a) frob += v * v;
    expect(lambda.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
    expect(lambda.reduce((s, v) => s + v * v, 0)).toBeCloseTo(frob, 9);
  });

  it('should reject a matrix whose size is not n * n', () => {
    expect(() => symmetricEigenvalues([1, 2, 3], 2)).toThrow(ShapeError);
  });
});

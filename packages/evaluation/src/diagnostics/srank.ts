import { checkNumber, ShapeError } from '@prunerl/core';
import { symmetricEigenvalues } from './symmetric-eigenvalues';

/**
 * Effective rank (Kumar et al. 2021; PAPER.md 4.5): the smallest k such that the k largest singular
 * values hold at least `1 - delta` of their total sum,
 * `srank_delta = min{ k : sum_{i<=k} sigma_i / sum_i sigma_i >= 1 - delta }`.
 * A zero matrix has srank 0.
 *
 * @param singularValues - in any order (sorted descending here).
 * @param delta - default 0.01, Kumar's default.
 */
export function srank(singularValues: ArrayLike<number>, delta = 0.01): number {
  checkNumber('srank(delta)', delta, { min: 0, max: 1, maxExclusive: true });
  const sigma = Float64Array.from(singularValues).sort().reverse();
  let total = 0;
  for (const s of sigma) total += s;
  if (total === 0) return 0;
  let cumulative = 0;
  for (let k = 0; k < sigma.length; k++) {
    cumulative += sigma[k]!;
    if (cumulative / total >= 1 - delta) return k + 1;
  }
  return sigma.length;
}

/**
 * Singular values (descending) of a rows x cols matrix given row-major, computed in float64 as the
 * square roots of the eigenvalues of the smaller Gram matrix (X X^T or X^T X, see
 * {@link symmetricEigenvalues}). Squaring limits the relative accuracy of singular values below
 * about 1e-7 of the largest, far below what SRank at delta = 0.01 can see. Eigenvalues under
 * `n * eps * lambda_max` (rounding noise of the Gram product) are reported as exact zeros, so a
 * rank-r matrix has exactly r non-zero singular values.
 */
export function singularValues(values: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || values.length !== rows * cols) {
    throw new ShapeError({ field: 'singularValues(values)', value: values.length, expected: `rows * cols = ${rows} * ${cols} entries` });
  }
  const x = Float64Array.from(values);
  const n = Math.min(rows, cols);
  const gram = new Float64Array(n * n);
  if (rows <= cols) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = 0;
        const ri = i * cols;
        const rj = j * cols;
        for (let k = 0; k < cols; k++) sum += x[ri + k]! * x[rj + k]!;
        gram[i * n + j] = sum;
        gram[j * n + i] = sum;
      }
    }
  } else {
    // X^T X accumulated row by row keeps memory access sequential.
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let i = 0; i < cols; i++) {
        const xi = x[base + i]!;
        if (xi === 0) continue;
        const gi = i * n;
        for (let j = 0; j <= i; j++) gram[gi + j]! += xi * x[base + j]!;
      }
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) gram[j * n + i] = gram[i * n + j]!;
  }
  const lambda = symmetricEigenvalues(gram, n);
  // Eigenvalues below n * eps * lambda_max are rounding noise of the Gram product (numpy's
  // matrix_rank tolerance, applied to the squares): report them as exact zeros.
  const floor = (lambda[0] ?? 0) * n * Number.EPSILON;
  return lambda.map((l) => (l > floor ? Math.sqrt(l) : 0));
}

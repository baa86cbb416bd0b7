import { ShapeError, StateError } from '@prunerl/core';

/**
 * Eigenvalues of a real symmetric n x n matrix (row-major; only the lower triangle is read), in
 * descending order, computed in float64: Householder reduction to tridiagonal form followed by the
 * implicit QL algorithm with Wilkinson shifts (the classic EISPACK `tred2` / `tql1` pair, eigenvalues
 * only). O(n^3) once, about 4/3 n^3 flops, so a 512 x 512 Gram matrix takes a fraction of a second;
 * tfjs has no SVD or eigendecomposition, hence this.
 */
export function symmetricEigenvalues(matrix: ArrayLike<number>, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0 || matrix.length !== n * n) {
    throw new ShapeError({ field: 'symmetricEigenvalues(matrix)', value: matrix.length, expected: `n * n = ${n * n} entries for n = ${n}` });
  }
  const a = Float64Array.from(matrix);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(a, n, d, e);
  tridiagonalQl(d, e, n);
  return d.sort().reverse();
}

/** Householder tridiagonalisation: on return `d` is the diagonal, `e[1..n-1]` the sub-diagonal. */
function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    const row = i * n;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[row + k]!);
      if (scale === 0) {
        e[i] = a[row + l]!;
      } else {
        // Scaling keeps the squares from under- or overflowing.
        for (let k = 0; k <= l; k++) {
          a[row + k]! /= scale;
          h += a[row + k]! * a[row + k]!;
        }
        let f = a[row + l]!;
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[row + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          g = 0;
          for (let k = 0; k <= j; k++) g += a[j * n + k]! * a[row + k]!;
          for (let k = j + 1; k <= l; k++) g += a[k * n + j]! * a[row + k]!;
          e[j] = g / h;
          f += e[j]! * a[row + j]!;
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = a[row + j]!;
          g = e[j]! - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[j * n + k]! -= f * e[k]! + g * a[row + k]!;
        }
      }
    } else {
      e[i] = a[row + l]!;
    }
    d[i] = h;
  }
  e[0] = 0;
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
}

/** Implicit QL with shifts on the tridiagonal (d, e); eigenvalues end up in `d` (unsorted). */
function tridiagonalQl(d: Float64Array, e: Float64Array, n: number): void {
  if (n === 0) return;
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iterations++ === 60) {
          throw new StateError({ field: 'symmetricEigenvalues', value: iterations, expected: 'QL iterations to converge within 60 steps per eigenvalue', hint: 'The matrix probably contains NaN or Infinity.' });
        }
        let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
        let r = Math.hypot(g, 1);
        g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            // Underflow: the matrix splits here; deflate and restart the sweep.
            d[i + 1]! -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1]! - p;
          r = (d[i]! - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
        }
        if (r === 0 && i >= l) continue;
        d[l]! -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}

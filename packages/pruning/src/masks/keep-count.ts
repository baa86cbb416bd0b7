/**
 * Rounds half to even, as numpy and JAX do (`jnp.round`): 2.5 -> 2, 3.5 -> 4. JavaScript's
 * `Math.round` rounds half up, which would keep one more weight than the reference at exact halves.
 */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * How many of `size` entries a mask of `sparsity` keeps, exactly as JaxPruner's top-k mask
 * calculator counts them: `max(1, round(size * (1 - sparsity)))` with round-half-to-even, and every
 * entry when `sparsity` is 0. At least one weight always survives, so a layer is never cut off.
 *
 * Computed in float64 (JAX computes it in float32; the two differ only when `size * (1 - sparsity)`
 * sits within a float32 rounding error of a half).
 */
export function keepCount(size: number, sparsity: number): number {
  if (sparsity <= 0) return size;
  return Math.min(size, Math.max(1, roundHalfEven(size * (1 - sparsity))));
}

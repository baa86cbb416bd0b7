/** numpy's `PW_BLOCKSIZE`: below it, `pairwise_sum` adds eight running partial sums. */
const BLOCK = 128;

/**
 * `np.sum` of a contiguous array as numpy computes it (`pairwise_sum` in `loops_utils.h`): under 8
 * values a plain running sum; up to 128, eight interleaved partial sums combined as
 * `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`, then the tail; above, the two halves
 * recursively. `round` rounds every partial result to the array's precision (`Math.fround` for
 * float32, identity for float64), so float32 sums come out as numpy's float32 sums do.
 */
export function numpySum(values: ArrayLike<number>, round: (x: number) => number = (x) => x, start = 0, n = values.length): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res = round(res + values[start + i]!);
    return res;
  }
  if (n <= BLOCK) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => values[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = round(r[j]! + values[start + i + j]!);
    let res = round(round(round(r[0]! + r[1]!) + round(r[2]! + r[3]!)) + round(round(r[4]! + r[5]!) + round(r[6]! + r[7]!)));
    for (; i < n; i++) res = round(res + values[start + i]!);
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return round(numpySum(values, round, start, half) + numpySum(values, round, start + half, n - half));
}

/**
 * Gymnasium's `ctrl_cost_weight * np.sum(np.square(action))` for a float32 action under numpy >= 2
 * (NEP 50): squares and their sum are float32, and the Python-float weight meets the float32 sum
 * in float32.
 */
export function float32ControlCost(weight: number, action: Float32Array): number {
  const squares = new Float32Array(action.length);
  for (let i = 0; i < action.length; i++) squares[i] = action[i]! * action[i]!;
  return Math.fround(Math.fround(weight) * numpySum(squares, Math.fround));
}

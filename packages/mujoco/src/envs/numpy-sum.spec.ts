import { float32ControlCost, numpySum } from './numpy-sum';

describe(numpySum, () => {
  it('should add short arrays left to right and longer ones as numpy\'s eight partial sums', () => {
    // Under 8 values: ((1e16 + 1) + 1) loses both ones one at a time.
    expect(numpySum([1e16, 1, 1])).toBe(1e16);
    // 8 values: ((1e16 + 0) + (1 + 1)) + ... keeps the pair 1 + 1 = 2 that a running sum loses.
    expect(numpySum([1e16, 0, 1, 1, 0, 0, 0, 0])).toBe(1e16 + 2);
    expect(numpySum([1e16, 0, 1, 1, 0, 0, 0])).toBe(1e16);
    // 9 values: the ninth is added to the combined partial sums.
    expect(numpySum([1e16, 0, 1, 1, 0, 0, 0, 0, 2])).toBe(1e16 + 4);
    // Above 128, halves at a multiple of 8 are summed recursively; exact on integers.
    expect(numpySum(Array.from({ length: 300 }, (_, i) => i))).toBe((299 * 300) / 2);
  });

  it('should round every partial sum to float32 when asked', () => {
    expect(numpySum([16777216, 1, 1], Math.fround)).toBe(16777216);
    expect(numpySum([16777216, 1, 1])).toBe(16777218);
  });
});

describe(float32ControlCost, () => {
  it('should be weight * sum(a^2) in float32, as numpy >= 2 computes it for a float32 action', () => {
    expect(float32ControlCost(0.1, Float32Array.of(0.5, -0.5, 1, 0, 0.25, -1))).toBe(Math.fround(Math.fround(0.1) * 2.5625));
    expect(float32ControlCost(1e-3, Float32Array.of(0.1, 0.2, 0.3))).toBe(
      Math.fround(Math.fround(1e-3) * Math.fround(Math.fround(Math.fround(0.1) ** 2 + Math.fround(Math.fround(0.2) ** 2)) + Math.fround(Math.fround(0.3) ** 2))),
    );
  });
});

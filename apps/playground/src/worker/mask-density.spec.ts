import { maskDensity } from './mask-density';

describe(maskDensity.name, () => {
  it('should keep a small mask as it is, fan-in by fan-out', () => {
    const { density, rows, cols } = maskDensity([1, 0, 0, 1, 1, 1], [3, 2]);
    expect([rows, cols]).toEqual([3, 2]);
    expect(Array.from(density)).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('should average blocks of a large convolution mask down to the grid', () => {
    // [3, 3, 4, 8] -> 36 x 8, every other input row pruned, shrunk to 6 x 6 cells (6 input rows each).
    const shape = [3, 3, 4, 8];
    const values = Array.from({ length: 3 * 3 * 4 * 8 }, (_, i) => (Math.floor(i / 8) % 2 === 0 ? 1 : 0));
    const { density, rows, cols } = maskDensity(values, shape, 6);
    expect([rows, cols]).toEqual([6, 6]);
    expect(Array.from(density)).toEqual(new Array(36).fill(0.5));
  });
});

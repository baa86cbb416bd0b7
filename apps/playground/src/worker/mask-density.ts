/**
 * A mask's density on a grid of at most `maxCells x maxCells`: the mask as a matrix (fan-in rows,
 * the last axis as columns: a dense kernel `[in, out]`, a convolution `[kh, kw, in, out]` as
 * `[kh*kw*in, out]`), each cell the fraction of weights kept in its block. A 1024x128 MinAtar dense
 * kernel becomes 48x48 numbers, small enough to send every second and draw as a heat-map.
 */
export function maskDensity(values: ArrayLike<number>, shape: readonly number[], maxCells = 48): { density: Float32Array; rows: number; cols: number } {
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  const rowsIn = cols === 0 ? 0 : values.length / cols;
  const rows = Math.min(rowsIn, maxCells);
  const outCols = Math.min(cols, maxCells);
  const kept = new Float32Array(rows * outCols);
  const counts = new Float32Array(rows * outCols);
  for (let r = 0; r < rowsIn; r++) {
    const cellRow = Math.floor((r * rows) / rowsIn);
    for (let c = 0; c < cols; c++) {
      const cell = cellRow * outCols + Math.floor((c * outCols) / cols);
      counts[cell]! += 1;
      if (values[r * cols + c] !== 0) kept[cell]! += 1;
    }
  }
  for (let i = 0; i < kept.length; i++) kept[i] = counts[i]! > 0 ? kept[i]! / counts[i]! : 0;
  return { density: kept, rows, cols: outCols };
}

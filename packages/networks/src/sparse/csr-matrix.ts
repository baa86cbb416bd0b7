/**
 * A `[rows, cols]` float32 matrix in compressed sparse row form: row `r` holds the nonzero entries
 * `values[rowStart[r] .. rowStart[r + 1])` at columns `columns[...]`, columns ascending.
 *
 * The sparse inference kernels keep weight matrices this way with one row per *input* (a dense
 * kernel `[in, out]` as is; a convolution kernel `[kh, kw, Cin, Cout]` as `[kh·kw·Cin, Cout]`), so
 * a forward pass walks the rows of the inputs that are nonzero and scatters into the outputs:
 * zero weights (masked by a pruner) and zero inputs (after a ReLU, or MinAtar's empty cells) both
 * cost nothing.
 */
export class CsrMatrix {
  private constructor(
    readonly rows: number,
    readonly cols: number,
    readonly rowStart: Int32Array,
    readonly columns: Int32Array,
    readonly values: Float32Array,
  ) {}

  /** Number of stored (nonzero) entries. */
  get nonzeros(): number {
    return this.values.length;
  }

  /** Fraction of entries that are zero. */
  get sparsity(): number {
    const size = this.rows * this.cols;
    return size === 0 ? 0 : 1 - this.values.length / size;
  }

  /** Keeps the nonzero entries of a row-major `[rows, cols]` matrix. */
  static fromDense(dense: Float32Array, rows: number, cols: number): CsrMatrix {
    if (dense.length !== rows * cols) {
      throw new RangeError(`CsrMatrix.fromDense: ${dense.length} values for a [${rows}, ${cols}] matrix`);
    }
    let count = 0;
    for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) count++;
    const rowStart = new Int32Array(rows + 1);
    const columns = new Int32Array(count);
    const values = new Float32Array(count);
    let k = 0;
    for (let r = 0; r < rows; r++) {
      rowStart[r] = k;
      const base = r * cols;
      for (let c = 0; c < cols; c++) {
        const v = dense[base + c]!;
        if (v !== 0) {
          columns[k] = c;
          values[k] = v;
          k++;
        }
      }
    }
    rowStart[rows] = k;
    return new CsrMatrix(rows, cols, rowStart, columns, values);
  }
}

/**
 * Where the nonzero entries of a row-major `[rows, cols]` float32 matrix lie, in compressed sparse
 * row form: row `r` holds the entries `rowStart[r] .. rowStart[r + 1]`, at columns `columns[...]`
 * (ascending) and at flat positions `positions[...]` (`r·cols + c`) of the dense matrix.
 *
 * The one sparse layout of prunerl's run-time WebAssembly (see `addSparseKernels`): weight
 * matrices are kept with one row per *input* (a dense kernel `[in, out]` as is; a convolution
 * kernel `[kh, kw, Cin, Cout]` as `[kh·kw·Cin, Cout]`).
 * - Training keeps only positions (the weights are a new buffer after every optimiser step, same
 *   zeros until the next pruning step), walking a kernel by row for its input gradient and by
 *   column ({@link CsrMatrix.transpose}) for its forward pass, as {@link CsrMatrix.entryPairs};
 *   each product copies the nonzero weights once into a block in its walk's order.
 * - Inference copies the values once per build ({@link CsrMatrix.gather}) and walks the rows of
 *   the nonzero inputs, so zero weights and zero inputs both cost nothing.
 */
export class CsrMatrix {
  private constructor(
    readonly rows: number,
    readonly cols: number,
    readonly rowStart: Int32Array,
    readonly columns: Int32Array,
    readonly positions: Int32Array,
  ) {}

  /** Number of stored (nonzero) entries. */
  get nonzeros(): number {
    return this.positions.length;
  }

  /** Fraction of entries that are zero. */
  get sparsity(): number {
    const size = this.rows * this.cols;
    return size === 0 ? 0 : 1 - this.positions.length / size;
  }

  /**
   * The nonzero entries of a row-major `[rows, cols]` matrix (zero of either sign is zero).
   * `nonzeros`, when the caller has counted them already, saves a pass.
   */
  static fromDense(dense: ArrayLike<number>, rows: number, cols: number, nonzeros?: number): CsrMatrix {
    if (dense.length !== rows * cols) {
      throw new RangeError(`CsrMatrix.fromDense: ${dense.length} values for a [${rows}, ${cols}] matrix`);
    }
    let count = nonzeros;
    if (count === undefined) {
      count = 0;
      for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) count++;
    }
    const rowStart = new Int32Array(rows + 1);
    const columns = new Int32Array(count);
    const positions = new Int32Array(count);
    let k = 0;
    for (let r = 0; r < rows; r++) {
      rowStart[r] = k;
      const base = r * cols;
      for (let c = 0; c < cols; c++) {
        if (dense[base + c] !== 0) {
          columns[k] = c;
          positions[k] = base + c;
          k++;
        }
      }
    }
    if (k !== count) throw new RangeError(`CsrMatrix.fromDense: ${k} nonzero values, ${count} announced`);
    rowStart[rows] = k;
    return new CsrMatrix(rows, cols, rowStart, columns, positions);
  }

  /**
   * The same entries by column: a `[cols, rows]` layout whose row `c` lists the entries of column
   * `c` (rows ascending), its `columns` the original rows, its `positions` still those of this
   * (untransposed) matrix. A counting sort, stable in row order.
   */
  transpose(): CsrMatrix {
    const n = this.nonzeros;
    const starts = new Int32Array(this.cols + 1);
    for (let i = 0; i < n; i++) starts[this.columns[i]! + 1]!++;
    for (let c = 0; c < this.cols; c++) starts[c + 1]! += starts[c]!;
    const fill = starts.slice(0, this.cols);
    const rowsOf = new Int32Array(n);
    const positions = new Int32Array(n);
    for (let r = 0; r < this.rows; r++) {
      for (let k = this.rowStart[r]!; k < this.rowStart[r + 1]!; k++) {
        const slot = fill[this.columns[k]!]!++;
        rowsOf[slot] = r;
        positions[slot] = this.positions[k]!;
      }
    }
    return new CsrMatrix(this.cols, this.rows, starts, rowsOf, positions);
  }

  /** The values of `dense` (the matrix this layout was taken from, or one with the same zeros) at the entries. */
  gather(dense: ArrayLike<number>): Float32Array {
    const values = new Float32Array(this.positions.length);
    for (let k = 0; k < values.length; k++) values[k] = dense[this.positions[k]!]!;
    return values;
  }

  /**
   * The entries as the batched product kernels read them: i32 pairs (byte offset of the weight in
   * the dense buffer, column), in row order. `sparse_weight_gradient` takes them as they are;
   * `sparse_gather` takes them with the offsets into the weights `pack_weights` packed from them.
   */
  entryPairs(): Int32Array {
    const pairs = new Int32Array(2 * this.positions.length);
    for (let k = 0; k < this.positions.length; k++) {
      pairs[2 * k] = this.positions[k]! * 4;
      pairs[2 * k + 1] = this.columns[k]!;
    }
    return pairs;
  }
}

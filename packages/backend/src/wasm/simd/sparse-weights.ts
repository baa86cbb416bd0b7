import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdRuntime } from './simd-runtime';

/**
 * Where the nonzero weights of a pruned `[rows, cols]` weight matrix lie, in the two orders the
 * `sparse_rows` kernel walks (see `sparse-product-kernels.ts`): by column (a dense layer's
 * forward pass) and by row (its input gradient). Lives on the wasm heap.
 */
export interface SparsePattern {
  readonly rows: number;
  readonly cols: number;
  readonly nonzeros: number;
  /** Heap addresses: `starts` (i32 [cols + 1]) and `entries` (i32 pairs: weight byte offset, row). */
  readonly byColumn: { readonly starts: number; readonly entries: number };
  /** Heap addresses: `starts` (i32 [rows + 1]) and `entries` (i32 pairs: weight byte offset, column). */
  readonly byRow: { readonly starts: number; readonly entries: number };
  freed: boolean;
}

/** Options of a {@link SparseWeightIndex}. */
export interface SparseWeightOptions {
  /** Largest fraction of nonzero weights for which the sparse kernels are used. */
  readonly maxDensity: number;
  /** Smallest weight matrix (elements) worth checking. */
  readonly minWeights: number;
  /** Patterns kept (least recently used out first). */
  readonly capacity: number;
}

/**
 * Finds and keeps the sparsity patterns of weight matrices. A pruned network's weights get a new
 * buffer at every optimiser step but keep their zeros (the pruner's mask) until the next pruning
 * step, so a pattern is built once (a scan in JavaScript) and then only checked for each new
 * buffer: a SIMD count of its zeros, and a read of the weights at the pattern's positions (both in
 * wasm). The
 * check is exact: same count and nonzero at every position means the same nonzeros.
 */
export class SparseWeightIndex {
  private readonly verdicts = new WeakMap<object, { readonly rows: number; readonly cols: number; readonly pattern: SparsePattern | null }>();
  private readonly patterns: SparsePattern[] = [];

  constructor(
    private readonly runtime: SimdRuntime,
    private readonly options: SparseWeightOptions,
  ) {}

  /** The pattern of `w` (`[rows, cols]` float32 on this runtime's heap), or null when it is not sparse enough. */
  lookup(w: TensorInfo, rows: number, cols: number): SparsePattern | null {
    // Keyed by buffer; a reshaped view of the same buffer is another matrix, so the shape must agree.
    const known = this.verdicts.get(w.dataId);
    if (known && known.rows === rows && known.cols === cols && !known.pattern?.freed) return known.pattern;
    const size = rows * cols;
    let verdict: SparsePattern | null = null;
    if (size >= this.options.minWeights) {
      const address = this.runtime.pointer(w);
      const zeros = this.runtime.functions['count_zeros']!(address, size) as unknown as number;
      const nonzeros = size - zeros;
      if (nonzeros <= this.options.maxDensity * size) verdict = this.find(address, rows, cols, nonzeros) ?? this.build(address, rows, cols, nonzeros);
    }
    this.verdicts.set(w.dataId, { rows, cols, pattern: verdict });
    return verdict;
  }

  private find(address: number, rows: number, cols: number, nonzeros: number): SparsePattern | undefined {
    for (let i = 0; i < this.patterns.length; i++) {
      const p = this.patterns[i]!;
      if (p.rows !== rows || p.cols !== cols || p.nonzeros !== nonzeros) continue;
      if ((this.runtime.functions['all_nonzero']!(address, p.byRow.entries, nonzeros) as unknown as number) !== 1) continue;
      this.patterns.splice(i, 1);
      this.patterns.unshift(p);
      return p;
    }
    return undefined;
  }

  private build(address: number, rows: number, cols: number, nonzeros: number): SparsePattern {
    const heap = this.runtime.heap();
    const base = address / 4;
    const positions = new Int32Array(nonzeros);
    let n = 0;
    for (let k = 0; k < rows * cols; k++) if (heap[base + k] !== 0) positions[n++] = k;
    const rowStarts = this.runtime.alloc(rows + 1);
    const rowEntries = this.runtime.alloc(2 * nonzeros);
    const colStarts = this.runtime.alloc(cols + 1);
    const colEntries = this.runtime.alloc(2 * nonzeros);
    const ints = new Int32Array(this.runtime.heap().buffer);
    // By row: positions are already in row-major order.
    let k = 0;
    for (let r = 0; r < rows; r++) {
      ints[rowStarts / 4 + r] = k;
      while (k < nonzeros && Math.floor(positions[k]! / cols) === r) {
        ints[rowEntries / 4 + 2 * k] = positions[k]! * 4;
        ints[rowEntries / 4 + 2 * k + 1] = positions[k]! % cols;
        k++;
      }
    }
    ints[rowStarts / 4 + rows] = nonzeros;
    // By column: a counting sort of the same entries.
    const counts = new Int32Array(cols + 1);
    for (let i = 0; i < nonzeros; i++) counts[(positions[i]! % cols) + 1]!++;
    for (let c = 0; c < cols; c++) counts[c + 1]! += counts[c]!;
    for (let c = 0; c <= cols; c++) ints[colStarts / 4 + c] = counts[c]!;
    const fill = counts.slice(0, cols);
    for (let i = 0; i < nonzeros; i++) {
      const c = positions[i]! % cols;
      const slot = fill[c]!++;
      ints[colEntries / 4 + 2 * slot] = positions[i]! * 4;
      ints[colEntries / 4 + 2 * slot + 1] = Math.floor(positions[i]! / cols);
    }
    const pattern: SparsePattern = { rows, cols, nonzeros, byRow: { starts: rowStarts, entries: rowEntries }, byColumn: { starts: colStarts, entries: colEntries }, freed: false };
    this.patterns.unshift(pattern);
    while (this.patterns.length > this.options.capacity) this.release(this.patterns.pop()!);
    return pattern;
  }

  private release(p: SparsePattern): void {
    p.freed = true;
    for (const address of [p.byRow.starts, p.byRow.entries, p.byColumn.starts, p.byColumn.entries]) this.runtime.free(address);
  }
}

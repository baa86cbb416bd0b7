import type { TensorInfo } from '@tensorflow/tfjs-core';
import { CsrMatrix } from '@prunerl/wasm';
import type { SimdHeap } from './simd-heap';

/**
 * One walk of a pattern on the heap: `pixel` (one pixel record: base row 0 and the address of
 * `starts`), `starts` (i32, one more than the walk's channels) and `entries` (i32 pairs: weight
 * byte offset, row), as `sparse_weight_gradient` takes it. `sparse_gather` takes `packedEntries`,
 * the same entries with the weights' offsets into a packed block instead (entry i's weight at byte
 * 4i: `pack_weights` copies them there from `packing`, the `packed` weights' byte offsets), so it
 * reads weights in sequence rather than one scattered cache line each.
 */
export interface SparseWalk {
  readonly pixel: number;
  readonly starts: number;
  readonly entries: number;
  readonly packedEntries: number;
  readonly packing: number;
  readonly packed: number;
}

/**
 * Heap data derived from a pattern for one use (a convolution's geometry): freed with the pattern.
 */
export interface DerivedLayout {
  /** Heap blocks to free with the pattern. */
  readonly addresses: readonly number[];
}

/**
 * Where the nonzero weights of a pruned `[rows, cols]` weight matrix lie, as the sparse product
 * kernels walk them (@prunerl/wasm's `CsrMatrix.entryPairs`, and packed for `sparse_gather`): by column (a dense layer's forward
 * pass) and by row (its input gradient). Lives on the wasm heap; `csr` is the JavaScript copy
 * that convolutions derive their walks from (`derived`, by geometry).
 */
export interface SparsePattern {
  readonly rows: number;
  readonly cols: number;
  readonly nonzeros: number;
  /** Entries by column: channels are the columns, rows the matrix rows. */
  readonly byColumn: SparseWalk;
  /** Entries by row: channels are the rows, rows the matrix columns. */
  readonly byRow: SparseWalk;
  readonly csr: CsrMatrix;
  readonly derived: Map<string, DerivedLayout>;
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
 * The index of each runtime: a weight matrix with at most 20% of its entries nonzero (a network
 * pruned to 80% or more) of at least 4096 weights, 16 patterns kept.
 */
export const SPARSE_WEIGHTS: SparseWeightOptions = Object.freeze({ maxDensity: 0.2, minWeights: 4096, capacity: 16 });

/**
 * The index of convolution filters (as `[kh·kw·Cin, Cout]` matrices): at most 25% nonzero (a
 * filter pruned to 75% or more: the crossover of a convolution layer's training step measured in
 * docs/performance.md, 0.64-1.0 of the dense time at 30% nonzero, 0.38-0.74 at 20%), from 256
 * weights, 32 patterns kept (an Impala torso has 15 convolutions).
 */
export const SPARSE_CONV_WEIGHTS: SparseWeightOptions = Object.freeze({ maxDensity: 0.25, minWeights: 256, capacity: 32 });

/** The index of a kernel set without sparse kernels (`sparseKernels: false`): no matrix qualifies. */
export const NOTHING_SPARSE: SparseWeightOptions = Object.freeze({ maxDensity: 0, minWeights: Infinity, capacity: 0 });

/**
 * Finds and keeps the sparsity patterns of weight matrices. A pruned network's weights get a new
 * buffer at every optimiser step but keep their zeros (the pruner's mask) until the next pruning
 * step, so a pattern is built once (a scan in JavaScript) and then only checked for each new
 * buffer: a SIMD count of its zeros, and a read of the weights at the pattern's positions (both in
 * wasm). The check is exact: same count and nonzero at every position means the same nonzeros.
 */
export class SparseWeightIndex {
  private readonly verdicts = new WeakMap<object, { readonly rows: number; readonly cols: number; readonly pattern: SparsePattern | null }>();
  private readonly patterns: SparsePattern[] = [];

  constructor(
    private readonly runtime: SimdHeap,
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
    const byRow = CsrMatrix.fromDense(heap.subarray(address / 4, address / 4 + rows * cols), rows, cols, nonzeros);
    const byColumn = byRow.transpose();
    const walk = (csr: CsrMatrix): SparseWalk => {
      const starts = storeInts(this.runtime, csr.rowStart);
      const pairs = csr.entryPairs();
      const packing = pairs.filter((_, i) => i % 2 === 0);
      const packedPairs = pairs.map((value, i) => (i % 2 === 0 ? 2 * i : value));
      return {
        starts,
        entries: storeInts(this.runtime, pairs),
        packedEntries: storeInts(this.runtime, packedPairs),
        packing: storeInts(this.runtime, packing),
        packed: packing.length,
        pixel: storeInts(this.runtime, Int32Array.of(0, starts)),
      };
    };
    const pattern: SparsePattern = { rows, cols, nonzeros, byRow: walk(byRow), byColumn: walk(byColumn), csr: byRow, derived: new Map(), freed: false };
    this.patterns.unshift(pattern);
    while (this.patterns.length > this.options.capacity) this.release(this.patterns.pop()!);
    return pattern;
  }

  private release(p: SparsePattern): void {
    p.freed = true;
    const derived = [...p.derived.values()].flatMap((layout) => layout.addresses);
    for (const walk of [p.byRow, p.byColumn]) for (const address of [walk.pixel, walk.starts, walk.entries, walk.packedEntries, walk.packing]) this.runtime.free(address);
    for (const address of derived) this.runtime.free(address);
    p.derived.clear();
  }
}

/** Copies `values` to a new heap block (free it with `runtime.free`); returns its address. */
export function storeInts(runtime: SimdHeap, values: Int32Array): number {
  const pointer = runtime.alloc(values.length);
  new Int32Array(runtime.heap().buffer, pointer, values.length).set(values);
  return pointer;
}

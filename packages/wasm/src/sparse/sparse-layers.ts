import type { CsrMatrix } from './csr-matrix';
import type { ArenaRegion, SparseArena } from './sparse-arena';
import type { SparseWasmKernels } from './sparse-module';
import type { Window2D } from './window-2d';

/** Views of a finished {@link SparseArena} and the kernels instantiated on its memory. */
export interface SparseHeap {
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly kernels: SparseWasmKernels;
}

/** The geometry record `gatherConv` and `maxPool` read (9 int32s). */
function geometryRecord(w: Window2D): Int32Array {
  return Int32Array.from([w.inHeight, w.inWidth, w.inChannels, w.outHeight, w.outWidth, w.kernel, w.stride, w.padTop, w.padLeft]);
}

/** A dense layer y = act(x W + b) with W a {@link CsrMatrix} (rows = inputs), run by `csrDense`. */
export class SparseDenseLayer {
  readonly rows: number;
  readonly cols: number;
  private readonly rowStart: ArenaRegion;
  private readonly columns: ArenaRegion;
  private readonly values: ArenaRegion;
  private readonly bias: ArenaRegion;

  /** `values`: the weights at `weights`' entries (`weights.gather(kernel)`). */
  constructor(arena: SparseArena, weights: CsrMatrix, values: Float32Array, bias: Float32Array) {
    this.rows = weights.rows;
    this.cols = weights.cols;
    this.rowStart = arena.store(weights.rowStart.map((k) => k * 4));
    this.columns = arena.store(weights.columns.map((c) => c * 4));
    this.values = arena.store(values);
    this.bias = arena.store(bias);
  }

  /** `reluInput`: treat negative inputs as zeros (the previous layer's ReLU, applied here). */
  run(heap: SparseHeap, x: number, y: number, relu: boolean, reluInput = false): void {
    heap.kernels.csrDense(x, this.rows, this.rowStart.offset, this.columns.offset, this.values.offset, this.bias.offset, y, this.cols, relu ? 1 : 0, reluInput ? 1 : 0);
  }
}

/**
 * A convolution with W a {@link CsrMatrix} `[k·k·Cin, Cout]`: stride 1 scatters into a padded grid;
 * other strides gather per output pixel.
 */
export class SparseConvLayer {
  readonly window: Window2D;
  readonly cout: number;
  readonly output: ArenaRegion;
  private readonly bias: ArenaRegion;
  private readonly rowStart: ArenaRegion;
  private readonly targets: ArenaRegion;
  private readonly values: ArenaRegion;
  private readonly grid: ArenaRegion | undefined;
  private readonly geometry: ArenaRegion | undefined;
  private readonly margin: number;
  private readonly gridRowBytes: number;

  /** `values`: the weights at `weights`' entries (`weights.gather(kernel)`). */
  constructor(arena: SparseArena, window: Window2D, weights: CsrMatrix, values: Float32Array, bias: Float32Array) {
    this.window = window;
    this.cout = weights.cols;
    this.bias = arena.store(bias);
    this.output = arena.reserve(window.outHeight * window.outWidth * this.cout);
    const { kernel, inChannels: cin, outHeight, outWidth, padTop, padLeft } = window;
    if (window.stride === 1) {
      // Rows by input channel; each entry (tap, co) becomes a byte offset into a grid with a
      // margin of k - 1 pixels on every side: input (iy, ix) feeds output (iy + padTop - di,
      // ix + padLeft - dj), which always lands inside the grid.
      this.margin = kernel - 1;
      const gridWidth = outWidth + 2 * this.margin;
      this.gridRowBytes = gridWidth * this.cout * 4;
      this.grid = arena.reserve((outHeight + 2 * this.margin) * gridWidth * this.cout);
      const rowStart = new Int32Array(cin + 1);
      const targets = new Int32Array(weights.nonzeros);
      const shifted = new Float32Array(weights.nonzeros);
      let e = 0;
      for (let ci = 0; ci < cin; ci++) {
        rowStart[ci] = e * 4;
        for (let di = 0; di < kernel; di++) {
          for (let dj = 0; dj < kernel; dj++) {
            const r = (di * kernel + dj) * cin + ci;
            const shift = (padTop - di + this.margin) * this.gridRowBytes + (padLeft - dj + this.margin) * this.cout * 4;
            for (let k = weights.rowStart[r]!; k < weights.rowStart[r + 1]!; k++) {
              targets[e] = shift + weights.columns[k]! * 4;
              shifted[e] = values[k]!;
              e++;
            }
          }
        }
      }
      rowStart[cin] = e * 4;
      this.rowStart = arena.store(rowStart);
      this.targets = arena.store(targets);
      this.values = arena.store(shifted);
      this.geometry = undefined;
    } else {
      this.margin = 0;
      this.gridRowBytes = 0;
      this.grid = undefined;
      this.rowStart = arena.store(weights.rowStart.map((k) => k * 4));
      this.targets = arena.store(weights.columns.map((c) => c * 4));
      this.values = arena.store(values);
      this.geometry = arena.store(geometryRecord(window));
    }
  }

  /** Whether {@link SparseConvLayer.run} takes `reluInput` and `addTo` (stride-1 layers only). */
  get fusesInputAndSum(): boolean {
    return this.grid !== undefined;
  }

  /**
   * Runs the convolution on `x` (byte offset). `reluInput`: negative inputs count as zeros (the
   * input's ReLU, fused). `addTo`: add the result into that region (a residual sum, no ReLU)
   * instead of writing the layer's own output. Returns where the result is.
   */
  run(heap: SparseHeap, x: number, relu: boolean, reluInput = false, addTo?: number): number {
    const { kernels } = heap;
    const out = addTo ?? this.output.offset;
    const w = this.window;
    if (this.grid) {
      kernels.zero(this.grid.offset, this.grid.length * 4);
      kernels.scatterConv(x, w.inHeight, w.inWidth, w.inChannels, this.rowStart.offset, this.targets.offset, this.values.offset, this.grid.offset, this.gridRowBytes, this.cout * 4, reluInput ? 1 : 0);
      kernels.extractGrid(this.grid.offset, this.gridRowBytes, this.margin, out, w.outHeight, w.outWidth, this.cout, this.bias.offset, addTo !== undefined ? 2 : relu ? 1 : 0);
      return out;
    }
    if (reluInput || addTo !== undefined) throw new Error('sparse inference: strided convolutions take plain inputs and outputs only');
    kernels.gatherConv(x, this.geometry!.offset, this.rowStart.offset, this.targets.offset, this.values.offset, this.bias.offset, out, this.cout, relu ? 1 : 0);
    return out;
  }
}

/** Max pooling of one image (windows clipped to the input), run by `maxPool`. */
export class SparseMaxPool {
  readonly output: ArenaRegion;
  private readonly geometry: ArenaRegion;

  constructor(
    arena: SparseArena,
    readonly window: Window2D,
  ) {
    this.output = arena.reserve(window.outHeight * window.outWidth * window.inChannels);
    this.geometry = arena.store(geometryRecord(window));
  }

  /** Pools `x` (byte offset) into {@link SparseMaxPool.output}; returns its offset. */
  run(heap: SparseHeap, x: number): number {
    heap.kernels.maxPool(x, this.geometry.offset, this.output.offset);
    return this.output.offset;
  }
}

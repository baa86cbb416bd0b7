import { WasmModuleBuilder } from '../module/wasm-module-builder';
import { addSparseKernels } from './sparse-kernels';

/**
 * The per-sample loops of sparse inference, instantiated on one memory (see
 * `sparse-scatter-kernels.ts`). All pointers and strides are in bytes; index arrays (`rowStart`,
 * `columns`, `offsets`) hold byte offsets too, so the loops do no shifts.
 */
export interface SparseWasmKernels {
  /**
   * y[j] = bias[j] + Σ_i x[i]·W[i, j] for a CSR W `[rows, cols]` (rows = inputs), skipping zero
   * inputs (and negative ones when `reluInput` is 1: the input's ReLU applied on the fly); then
   * ReLU if `relu` is 1.
   */
  csrDense(x: number, rows: number, rowStart: number, columns: number, values: number, bias: number, y: number, cols: number, relu: number, reluInput: number): void;
  /**
   * Adds a stride-1 convolution of one image `x` into a zeroed grid of the output's rows
   * (`gridRowBytes` apart, each with margins of columns): for each nonzero input (iy, ix, ci), over
   * the entries of the taps (di, dj) of ci whose row di lands in the output, `grid[iy·gridRowBytes
   * + ix·pixelBytes + offsets[e]] += x·values[e]` (negative inputs skipped too when `reluInput` is
   * 1). `geometry`: the window's record, as for `gatherConv`; `tapStart`: the byte offset where
   * each (ci, tap) starts, k·k per channel and one more (the next channel's first closing the last).
   */
  scatterConv(x: number, geometry: number, tapStart: number, offsets: number, values: number, grid: number, gridRowBytes: number, pixelBytes: number, reluInput: number): void;
  /**
   * v = grid[row, p, c] + bias[c] for an output `[rows, width, cout]` (`grid` at its pixel (0, 0),
   * rows `gridRowBytes` apart), then by `mode`: 0 out = v, 1 out = max(v, 0), 2 out += v (a
   * residual sum).
   */
  extractGrid(grid: number, gridRowBytes: number, out: number, rows: number, width: number, cout: number, bias: number, mode: number): void;
  /**
   * A convolution of any stride, gathering per output pixel (for strided layers): `geometry`
   * points at the window's record (`windowRecord`: 9 int32s, inHeight, inWidth, inChannels,
   * outHeight, outWidth, kernel, stride, padTop, padLeft); W is CSR `[k·k·Cin, Cout]`.
   */
  gatherConv(x: number, geometry: number, rowStart: number, columns: number, values: number, bias: number, out: number, cout: number, relu: number): void;
  /** Max pooling of one image; `geometry` as for `gatherConv` (windows clipped to the input). */
  maxPool(x: number, geometry: number, out: number): void;
  /** Zeroes `bytes` bytes at `pointer`. */
  zero(pointer: number, bytes: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The bytes of a sparse network's module: every sparse kernel ({@link addSparseKernels}), without fused multiply-add. */
export function buildSparseModule(): Uint8Array<ArrayBuffer> {
  const module = new WasmModuleBuilder();
  addSparseKernels(module, { fma: false });
  return module.build();
}

function compile(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = buildSparseModule();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether this engine runs the sparse kernels (WebAssembly with SIMD and bulk memory). */
export function sparseKernelsAvailable(): boolean {
  return compile() !== null;
}

/** The kernels on `memory`, or `null` where WebAssembly cannot run them. */
export function instantiateSparseKernels(memory: WebAssembly.Memory): SparseWasmKernels | null {
  const module = compile();
  if (!module) return null;
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...args: number[]) => void>;
  return {
    csrDense: exports['csr_dense']!,
    scatterConv: exports['scatter_conv']!,
    extractGrid: exports['extract_grid']!,
    gatherConv: exports['gather_conv']!,
    maxPool: exports['max_pool']!,
    zero: exports['zero']!,
  };
}

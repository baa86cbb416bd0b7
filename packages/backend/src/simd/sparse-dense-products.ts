import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdHeap, WasmBackendInternals } from './simd-heap';
import type { SimdKernels, SimdRuntime } from './simd-runtime';
import { SPARSE_WEIGHTS, type SparsePattern, type SparseWalk } from './sparse-weights';

/**
 * Dense-layer products that skip pruned weights. A weight matrix with at most
 * {@link SPARSE_MAX_DENSITY} of its entries nonzero (a network pruned to 80% or more) multiplies a
 * batch of at least {@link SPARSE_MIN_BATCH} rows through `sparse_gather`, whose work is proportional
 * to the nonzero weights; anything else returns `undefined` and runs the dense GEMM. Only exact
 * zeros are skipped, so the results equal the dense product's up to float summation order (and a
 * zero weight times an infinite input, which the dense product turns into NaN).
 */
export const SPARSE_MAX_DENSITY = SPARSE_WEIGHTS.maxDensity;
/** Smallest batch for the sparse products; acting (batch 1) keeps the dense row kernel. */
export const SPARSE_MIN_BATCH = 8;

// Diagnostics only (tests and benchmarks): the kernels count here, nothing reads it back.
let counters = { forward: 0, inputGradient: 0, weightGradient: 0 };

/** Sparse products run so far (for tests and benchmarks). */
export function sparseProductCounts(): { forward: number; inputGradient: number; weightGradient: number } {
  return { ...counters };
}

/** Resets {@link sparseProductCounts}. */
export function resetSparseProductCounts(): void {
  counters = { forward: 0, inputGradient: 0, weightGradient: 0 };
}

/** `dst[c, r] = src[r, c]` (strides in bytes), in the tile order whose stores run along `dst`'s rows when they are the far apart ones. */
export function transpose(runtime: SimdHeap, src: number, srcStride: number, dst: number, dstStride: number, rows: number, cols: number): void {
  runtime.functions[dstStride > srcStride ? 'transpose4_by_columns' : 'transpose4']!(src, srcStride, dst, dstStride, rows, cols);
}

function eligible(backend: KernelBackend, simd: SimdKernels, batch: number, rows: number, cols: number, kernel: TensorInfo): { runtime: SimdRuntime; pattern: SparsePattern } | undefined {
  if (batch < SPARSE_MIN_BATCH || batch % 4 !== 0 || rows % 4 !== 0 || cols % 4 !== 0) return undefined;
  const runtime = simd.runtime(backend);
  if (!runtime) return undefined;
  const pattern = runtime.sparseWeights.lookup(kernel, rows, cols);
  return pattern ? { runtime, pattern } : undefined;
}

/**
 * `out [B, outSize] = act(bias + Σ w · input)` over the entries of `walk` (one list per column of
 * `out`), with the batch transposed onto SIMD lanes and back.
 */
function sparseProduct(backend: KernelBackend, runtime: SimdHeap, walk: SparseWalk, kernel: TensorInfo, input: TensorInfo, inSize: number, outSize: number, bias: number, relu: boolean): TensorInfo {
  const batch = input.shape[0]!;
  const inT = runtime.alloc(inSize * batch);
  const outT = runtime.alloc(outSize * batch);
  const packed = runtime.alloc(Math.max(1, walk.packed));
  try {
    transpose(runtime, runtime.pointer(input), inSize * 4, inT, batch * 4, batch, inSize);
    runtime.functions['pack_weights']!(walk.packing, walk.packed, runtime.pointer(kernel), packed);
    runtime.functions['sparse_gather']!(walk.pixel, 1, walk.packedEntries, packed, inT, outT, outSize, batch, bias, relu ? 1 : 0);
    const out = (backend as WasmBackendInternals).makeOutput([batch, outSize], 'float32');
    transpose(runtime, outT, batch * 4, runtime.pointer(out), outSize * 4, outSize, batch);
    return out;
  } finally {
    runtime.free(inT);
    runtime.free(outT);
    runtime.free(packed);
  }
}

/**
 * `[B, out] = act(x W + b)` with x `[B, in]` and W `[in, out]` through the pruned weights, or
 * `undefined` (see the file comment).
 */
export function sparseDenseForward(backend: KernelBackend, simd: SimdKernels, x: TensorInfo, kernel: TensorInfo, bias: TensorInfo | undefined, relu: boolean): TensorInfo | undefined {
  const [batch, inSize] = x.shape as [number, number];
  const units = kernel.shape[1]!;
  const found = eligible(backend, simd, batch, inSize, units, kernel);
  if (!found) return undefined;
  const { runtime, pattern } = found;
  const out = sparseProduct(backend, runtime, pattern.byColumn, kernel, x, inSize, units, bias ? runtime.pointer(bias) : 0, relu);
  counters.forward++;
  return out;
}

/** `[B, in] = g Wᵀ` with g `[B, out]` and W `[in, out]` through the pruned weights, or `undefined`. */
export function sparseDenseInputGradient(backend: KernelBackend, simd: SimdKernels, g: TensorInfo, kernel: TensorInfo): TensorInfo | undefined {
  const [inSize, units] = kernel.shape as [number, number];
  const found = eligible(backend, simd, g.shape[0]!, inSize, units, kernel);
  if (!found) return undefined;
  const { runtime, pattern } = found;
  const out = sparseProduct(backend, runtime, pattern.byRow, kernel, g, units, inSize, 0, false);
  counters.inputGradient++;
  return out;
}

/**
 * `[in, out] = xᵀ g` at the nonzero weights of W `[in, out]` only (zeros elsewhere: core's `kept`
 * weight gradients), with x `[B, in]` and g `[B, out]`, or `undefined`.
 */
export function sparseDenseWeightGradient(backend: KernelBackend, simd: SimdKernels, x: TensorInfo, g: TensorInfo, kernel: TensorInfo): TensorInfo | undefined {
  const [inSize, units] = kernel.shape as [number, number];
  const batch = x.shape[0]!;
  const found = eligible(backend, simd, batch, inSize, units, kernel);
  if (!found) return undefined;
  const { runtime, pattern } = found;
  const xT = runtime.alloc(inSize * batch);
  const gT = runtime.alloc(units * batch);
  try {
    transpose(runtime, runtime.pointer(x), inSize * 4, xT, batch * 4, batch, inSize);
    transpose(runtime, runtime.pointer(g), units * 4, gT, batch * 4, batch, units);
    const out = (backend as WasmBackendInternals).makeOutput([inSize, units], 'float32');
    const pointer = runtime.pointer(out);
    runtime.heap().fill(0, pointer / 4, pointer / 4 + inSize * units);
    const walk = pattern.byColumn;
    runtime.functions['sparse_weight_gradient']!(walk.starts, walk.pixel, 1, walk.entries, xT, gT, pointer, units, batch, 0);
    counters.weightGradient++;
    return out;
  } finally {
    runtime.free(xT);
    runtime.free(gT);
  }
}

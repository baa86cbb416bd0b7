import { backend_util, engine, type Conv2DAttrs, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { GEMM_FLAGS, geometryValues, type PatchGeometry } from '@prunerl/wasm';
import { KernelHelper, settleHelpers } from './kernel-helpers';
import type { SimdHeap, WasmBackendInternals } from './simd-heap';
import type { SimdRuntime } from './simd-runtime';
import { sparseConvForward } from './sparse-conv-products';

/**
 * Convolutions on the generated SIMD kernels, shared by the kernels of `Conv2D`, `FusedConv2D`,
 * `Conv2DBackpropFilter` and `Conv2DBackpropInput`: geometry, patch matrices (im2col, kept for the
 * filter gradient in the runtime's `PatchCache`), and the forward product.
 */

/** tfjs's description of one convolution. */
export type ConvInfo = backend_util.Conv2DInfo;

export function geometry(info: ConvInfo): PatchGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
  };
}

/** A 1x1, stride-1, unpadded convolution is a plain product: its patch matrix is the input itself. */
export function isPointwise(info: ConvInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 && info.strideWidth === 1 && info.padInfo.top === 0 && info.padInfo.left === 0;
}

/**
 * Runs `body` with the patch matrix of `x` (im2col, or `x` itself when pointwise). `cache`: `keep`
 * hands the matrix to the cache afterwards (a training forward), `take` uses the cached one when
 * there (a filter gradient), `none` neither; matrices not kept are freed.
 */
export function withPatches<T>(runtime: SimdRuntime, x: TensorInfo, info: ConvInfo, cacheUse: 'keep' | 'take' | 'none', body: (col: number) => T): T {
  if (isPointwise(info)) return body(runtime.pointer(x));
  const values = geometryValues(geometry(info));
  const key = values.join(',');
  const cache = runtime.patches;
  const keep = cacheUse === 'keep';
  const floats = info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
  let col = cacheUse === 'take' ? cache.take(x.dataId, key) : undefined;
  let owned = true;
  try {
    if (col === undefined) {
      col = runtime.alloc(floats);
      runtime.im2col(runtime.pointer(x), col, runtime.writeInts(values));
    }
    const result = body(col);
    if (keep) {
      cache.put(x.dataId, key, col, floats);
      owned = false;
    }
    return result;
  } finally {
    if (owned && col !== undefined) runtime.free(col);
  }
}

export function convInfo(xShape: number[], filterShape: number[], attrs: { strides: number | [number, number]; pad: Conv2DAttrs['pad']; dilations: number | [number, number]; dimRoundingMode?: Conv2DAttrs['dimRoundingMode'] }): ConvInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/** Whether the engine is recording a forward pass for gradients (tfjs's tape is on). */
export function recordingGradients(): boolean {
  return engine().state.gradientDepth > 0;
}

/**
 * Batches from this size run forward convolutions on the SIMD kernels even outside training
 * (target networks): with fused multiply-add that measured faster than XNNPACK's cached operator
 * (Impala x1 DQN update 13.5 -> 12.6 ms; acting on 16 observations with impala x3 11.1 -> 6.7 ms).
 * Smaller ones (acting) keep XNNPACK.
 */
const SIMD_FORWARD_MIN_BATCH = 8;

/** Whether a forward convolution of `batch` images runs on the SIMD GEMM path. */
export function simdForward(batch: number): boolean {
  return recordingGradients() || batch >= SIMD_FORWARD_MIN_BATCH;
}

/**
 * Forward convolution as im2col · W (W `[kh, kw, Cin, Cout]` is already the `[kh·kw·Cin, Cout]`
 * matrix), or through the nonzero taps of a pruned filter (`sparse-conv-products.ts`).
 */
export function forward(backend: KernelBackend, runtime: SimdRuntime, x: TensorInfo, filter: TensorInfo, info: ConvInfo, bias: TensorInfo | undefined, relu: boolean): TensorInfo {
  const sparse = sparseConvForward(backend, runtime, x, filter, info, bias, relu);
  if (sparse) return sparse;
  const out = (backend as WasmBackendInternals).makeOutput([info.batchSize, info.outHeight, info.outWidth, info.outChannels], 'float32');
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const depth = info.filterHeight * info.filterWidth * info.inChannels;
  const cout = info.outChannels;
  const biasPointer = bias ? runtime.pointer(bias) : 0;
  const flags = relu ? GEMM_FLAGS.relu : 0;
  if (!isPointwise(info) && (!recordingGradients() || info.inChannels >= IMPLICIT_GEMM_MIN_CHANNELS)) {
    // Outside the tape nobody will ask for this input's patch matrix (no filter gradient follows):
    // skip writing it. Under the tape too from IMPLICIT_GEMM_MIN_CHANNELS: the implicit GEMM skips
    // the padding's taps (40% of a 3x3 'same' convolution's work on 3x3 images), which pays for the
    // filter gradient writing the patch matrix itself.
    convolve(runtime, runtime.pointer(x), geometry(info), runtime.pointer(filter), runtime.pointer(out), cout, biasPointer, flags);
    return out;
  }
  withPatches(runtime, x, info, recordingGradients() ? 'keep' : 'none', (col) => {
    runtime.gemmNN(col, depth * 4, runtime.pointer(filter), cout * 4, runtime.pointer(out), cout * 4, rows, cout, depth, biasPointer, flags);
  });
  return out;
}

/** From this many input channels, convolutions whose patch matrix is not kept run as an implicit GEMM. */
const IMPLICIT_GEMM_MIN_CHANNELS = 8;

/**
 * out[P, n] = patches(x) · w (w `[kh·kw·Cin, n]`): as an implicit GEMM (`convNN`) from
 * {@link IMPLICIT_GEMM_MIN_CHANNELS} input channels, else im2col into scratch and a GEMM.
 */
export function convolve(runtime: SimdHeap, x: number, g: PatchGeometry, w: number, out: number, n: number, bias: number, flags: number): void {
  const rows = g.batch * g.outHeight * g.outWidth;
  const depth = g.filterHeight * g.filterWidth * g.inChannels;
  if (rows === 0) return;
  if (g.inChannels >= IMPLICIT_GEMM_MIN_CHANNELS && runtime.helpers().length > 0 && g.batch >= 2 && rows * n * depth >= PARALLEL_MIN_WORK) {
    convolveSplit(runtime, x, g, w, out, n, bias, flags);
    return;
  }
  convolveHere(runtime, x, g, w, out, n, bias, flags);
}

/** {@link convolve} on this thread. */
function convolveHere(runtime: SimdHeap, x: number, g: PatchGeometry, w: number, out: number, n: number, bias: number, flags: number): void {
  const rows = g.batch * g.outHeight * g.outWidth;
  const depth = g.filterHeight * g.filterWidth * g.inChannels;
  const geometryRecord = runtime.writeInts(geometryValues(g));
  if (g.inChannels >= IMPLICIT_GEMM_MIN_CHANNELS) {
    const zero = runtime.alloc(g.inChannels);
    try {
      runtime.heap().fill(0, zero / 4, zero / 4 + g.inChannels);
      runtime.convNN(x, geometryRecord, w, n * 4, out, n * 4, rows, n, zero, bias, flags);
    } finally {
      runtime.free(zero);
    }
    return;
  }
  const col = runtime.alloc(rows * depth);
  try {
    runtime.im2col(x, col, geometryRecord);
    runtime.gemmNN(col, depth * 4, w, n * 4, out, n * 4, rows, n, depth, bias, flags);
  } finally {
    runtime.free(col);
  }
}

/**
 * Multiply-adds from which a convolution or filter gradient shares its work with the kernel helper
 * threads: below it, copying operands and waking a thread cost more than the share saves.
 */
export const PARALLEL_MIN_WORK = 1 << 21;

/** `[0, ..., total]`: `parts` contiguous ranges of `total` items, the first ones a unit larger. */
export function splitRanges(total: number, parts: number): number[] {
  const bounds = [0];
  for (let p = 0; p < parts; p++) bounds.push(bounds[p]! + Math.floor(total / parts) + (p < total % parts ? 1 : 0));
  return bounds;
}

/** Bytes of `floats` float32 values, rounded up to whole 16-byte vectors. */
export function vectorBytes(floats: number): number {
  return Math.ceil(floats / 4) * 16;
}

/**
 * {@link convolve} with the batch split across the main thread and the kernel helpers: each
 * helper gets a copy of its images, the filter and the bias in its own memory and convolves them
 * while the main thread convolves the first images in place; the helpers' outputs are copied back.
 * Every image is computed by the same kernel whichever thread runs it (bit-identical results).
 */
function convolveSplit(runtime: SimdHeap, x: number, g: PatchGeometry, w: number, out: number, n: number, bias: number, flags: number): void {
  const helpers = runtime.helpers();
  const parts = Math.min(helpers.length + 1, g.batch);
  const bounds = splitRanges(g.batch, parts);
  const image = g.inHeight * g.inWidth * g.inChannels;
  const outImage = g.outHeight * g.outWidth * n;
  const depth = g.filterHeight * g.filterWidth * g.inChannels;
  const posted: Array<{ helper: KernelHelper; at: number; b0: number; b1: number }> = [];
  try {
    const heap = runtime.heap();
    for (let p = 1; p < parts; p++) {
      const helper = helpers[p - 1]!;
      const [b0, b1] = [bounds[p]!, bounds[p + 1]!];
      const images = b1 - b0;
      const xAt = KernelHelper.OPERANDS;
      const wAt = xAt + vectorBytes(images * image);
      const zeroAt = wAt + vectorBytes(depth * n);
      const biasAt = zeroAt + vectorBytes(g.inChannels);
      const outAt = biasAt + vectorBytes(n);
      const geometryAt = outAt + vectorBytes(images * outImage);
      helper.reserve(geometryAt + 64 - KernelHelper.OPERANDS);
      const f = helper.f32();
      f.set(heap.subarray(x / 4 + b0 * image, x / 4 + b1 * image), xAt / 4);
      f.set(heap.subarray(w / 4, w / 4 + depth * n), wAt / 4);
      f.fill(0, zeroAt / 4, zeroAt / 4 + g.inChannels);
      if (bias) f.set(heap.subarray(bias / 4, bias / 4 + n), biasAt / 4);
      if (flags & GEMM_FLAGS.accumulate) f.set(heap.subarray(out / 4 + b0 * outImage, out / 4 + b1 * outImage), outAt / 4);
      helper.i32().set(geometryValues({ ...g, batch: images }), geometryAt / 4);
      helper.post([{ fn: 'conv_nn', args: [xAt, geometryAt, wAt, n * 4, outAt, n * 4, images * g.outHeight * g.outWidth, n, zeroAt, bias ? biasAt : 0, flags] }], geometryAt + 64);
      posted.push({ helper, at: outAt, b0, b1 });
    }
    convolveHere(runtime, x, { ...g, batch: bounds[1]! }, w, out, n, bias, flags);
  } finally {
    // Every posted helper is waited for, even when this thread or another helper failed.
    const failure = settleHelpers(posted.map((p) => p.helper));
    if (failure !== undefined) throw failure;
  }
  const heap = runtime.heap();
  for (const { helper, at, b0, b1 } of posted) heap.set(helper.f32().subarray(at / 4, at / 4 + (b1 - b0) * outImage), out / 4 + b0 * outImage);
}

import {
  backend_util,
  engine,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  util,
  type Conv2DAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type FusedConv2DAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geometryValues, type PatchGeometry } from './simd/conv-helpers';
import { GEMM_FLAGS } from './simd/gemm-kernels';
import { PatchCache } from './simd/patch-cache';
import { simdRuntime, type SimdRuntime, type WasmBackendInternals } from './simd/simd-runtime';

type ConvInfo = backend_util.Conv2DInfo;

/** Output pixels per call of the filter-gradient product (see `backpropFilterKernel`). */
const PIXEL_BLOCK = 256;

function geometry(info: ConvInfo): PatchGeometry {
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
function isPointwise(info: ConvInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 && info.strideWidth === 1 && info.padInfo.top === 0 && info.padInfo.left === 0;
}

/** One cache of training-forward patch matrices per runtime (see {@link PatchCache}). */
const patchCaches = new WeakMap<SimdRuntime, PatchCache>();

function patchCache(runtime: SimdRuntime, backend: KernelBackend): PatchCache {
  let cache = patchCaches.get(runtime);
  if (!cache) {
    const internals = backend as WasmBackendInternals;
    cache = new PatchCache(runtime, (dataId) => internals.dataIdMap.get(dataId) !== undefined);
    patchCaches.set(runtime, cache);
  }
  return cache;
}

/**
 * Runs `body` with the patch matrix of `x` (im2col, or `x` itself when pointwise). `cache`: `keep`
 * hands the matrix to the cache afterwards (a training forward), `take` uses the cached one when
 * there (a filter gradient), `none` neither; matrices not kept are freed.
 */
function withPatches<T>(runtime: SimdRuntime, backend: KernelBackend, x: TensorInfo, info: ConvInfo, cacheUse: 'keep' | 'take' | 'none', body: (col: number) => T): T {
  if (isPointwise(info)) return body(runtime.pointer(x));
  const values = geometryValues(geometry(info));
  const key = values.join(',');
  const cache = patchCache(runtime, backend);
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

function convInfo(xShape: number[], filterShape: number[], attrs: { strides: number | [number, number]; pad: Conv2DAttrs['pad']; dilations: number | [number, number]; dimRoundingMode?: Conv2DAttrs['dimRoundingMode'] }): ConvInfo {
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
function recordingGradients(): boolean {
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
function simdForward(batch: number): boolean {
  return recordingGradients() || batch >= SIMD_FORWARD_MIN_BATCH;
}

/** Forward convolution as im2col · W (W `[kh, kw, Cin, Cout]` is already the `[kh·kw·Cin, Cout]` matrix). */
function forward(backend: KernelBackend, runtime: SimdRuntime, x: TensorInfo, filter: TensorInfo, info: ConvInfo, bias: TensorInfo | undefined, relu: boolean): TensorInfo {
  const out = (backend as WasmBackendInternals).makeOutput([info.batchSize, info.outHeight, info.outWidth, info.outChannels], 'float32');
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const depth = info.filterHeight * info.filterWidth * info.inChannels;
  const cout = info.outChannels;
  const biasPointer = bias ? runtime.pointer(bias) : 0;
  const flags = relu ? GEMM_FLAGS.relu : 0;
  if (!recordingGradients() && !isPointwise(info)) {
    // Nobody will ask for this input's patch matrix (no filter gradient follows): skip writing it.
    convolve(runtime, runtime.pointer(x), geometry(info), runtime.pointer(filter), runtime.pointer(out), cout, biasPointer, flags);
    return out;
  }
  withPatches(runtime, backend, x, info, recordingGradients() ? 'keep' : 'none', (col) => {
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
function convolve(runtime: SimdRuntime, x: number, g: PatchGeometry, w: number, out: number, n: number, bias: number, flags: number): void {
  const rows = g.batch * g.outHeight * g.outWidth;
  const depth = g.filterHeight * g.filterWidth * g.inChannels;
  if (rows === 0) return;
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

function conv2dKernel(builtIn: KernelFunc): KernelFunc {
  return (args) => {
    const runtime = simdRuntime(args.backend as KernelBackend);
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DAttrs;
    if (!runtime || !simdForward(x.shape[0]!) || attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32' || filter.dtype !== 'float32') return builtIn(args);
    const info = convInfo(x.shape, filter.shape, attrs);
    return forward(args.backend as KernelBackend, runtime, x, filter, info, undefined, false);
  };
}

function fusedConv2dKernel(builtIn: KernelFunc): KernelFunc {
  return (args) => {
    const runtime = simdRuntime(args.backend as KernelBackend);
    const { x, filter, bias, preluActivationWeights } = args.inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const attrs = args.attrs as unknown as FusedConv2DAttrs;
    const activationOk = attrs.activation === 'linear' || attrs.activation === 'relu';
    if (!runtime || !simdForward(x.shape[0]!) || !activationOk || preluActivationWeights != null || attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32' || filter.dtype !== 'float32') return builtIn(args);
    const info = convInfo(x.shape, filter.shape, attrs);
    if (bias && (bias.dtype !== 'float32' || util.sizeFromShape(bias.shape) !== info.outChannels)) return builtIn(args);
    return forward(args.backend as KernelBackend, runtime, x, filter, info, bias ?? undefined, attrs.activation === 'relu');
  };
}

/**
 * dW = im2col(x)ᵀ · dy: the patch matrix `[P, kh·kw·Cin]` is the stored-transposed left operand
 * of a TN product with dy `[P, Cout]` (P = B·Ho·Wo), giving `[kh·kw·Cin, Cout]`, the filter's layout.
 */
function backpropFilterKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const runtime = simdRuntime(args.backend as KernelBackend);
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    if (!runtime || attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32' || dy.dtype !== 'float32') return fallback(args);
    const info = convInfo(x.shape, attrs.filterShape, { ...attrs, dilations: 1 });
    const depth = info.filterHeight * info.filterWidth * info.inChannels;
    const rows = info.batchSize * info.outHeight * info.outWidth;
    const out = (args.backend as WasmBackendInternals).makeOutput([...attrs.filterShape], 'float32');
    const pointer = runtime.pointer(out);
    if (rows === 0) {
      runtime.heap().fill(0, pointer / 4, pointer / 4 + depth * info.outChannels);
      return out;
    }
    const cout = info.outChannels;
    withPatches(runtime, args.backend as KernelBackend, x, info, 'take', (col) => {
      // Sum over output pixels in chunks, accumulating, so each chunk's slice of dy stays in cache.
      for (let k0 = 0; k0 < rows; k0 += PIXEL_BLOCK) {
        const kc = Math.min(PIXEL_BLOCK, rows - k0);
        runtime.gemmTN(col + k0 * depth * 4, depth * 4, runtime.pointer(dy) + k0 * cout * 4, cout * 4, pointer, cout * 4, depth, cout, kc, 0, k0 === 0 ? 0 : GEMM_FLAGS.accumulate);
      }
    });
    return out;
  };
}

/**
 * The input gradient of a stride-1 convolution as a forward one: dx = im2col(dy) · W', where W'
 * is W rotated by 180 degrees with its channel axes swapped (`W'[di, dj, co, ci] =
 * W[kh-1-di, kw-1-dj, ci, co]`) and dy is padded by kh-1-top (kw-1-left) before. Its product has
 * the long k (kh·kw·Cout) and the fused multiply-add kernel of the forward pass, where the NT
 * product of {@link backpropInputKernel}'s general path has k = Cout (16 or 32 in our torsos) and
 * then scatters with col2im: Impala x1's 15 input gradients took 3.6 ms that way.
 */
function inputGradientAsConvolution(runtime: SimdRuntime, dy: TensorInfo, filter: TensorInfo, info: ConvInfo, dx: number): void {
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = info;
  const depth = kh * kw * cout;
  const rotated = runtime.alloc(depth * cin);
  try {
    runtime.functions['rotate_filter']!(runtime.pointer(filter), rotated, kh * kw, cin, cout);
    const patches: PatchGeometry = {
      batch: info.batchSize,
      inHeight: info.outHeight,
      inWidth: info.outWidth,
      inChannels: cout,
      filterHeight: kh,
      filterWidth: kw,
      strideHeight: 1,
      strideWidth: 1,
      dilationHeight: 1,
      dilationWidth: 1,
      padTop: kh - 1 - info.padInfo.top,
      padLeft: kw - 1 - info.padInfo.left,
      outHeight: info.inHeight,
      outWidth: info.inWidth,
    };
    convolve(runtime, runtime.pointer(dy), patches, rotated, dx, cin, 0, 0);
  } finally {
    runtime.free(rotated);
  }
}

/**
 * dx = col2im(dy · Wᵀ): an NT product of dy `[P, Cout]` with the filter read as `[kh·kw·Cin, Cout]`
 * gives the patch-matrix gradient `[P, kh·kw·Cin]`, which col2im adds back into the input's shape.
 */
function backpropInputKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const runtime = simdRuntime(args.backend as KernelBackend);
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    if (!runtime || attrs.dataFormat !== 'NHWC' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return fallback(args);
    const info = convInfo(attrs.inputShape, filter.shape, { ...attrs, dilations: 1 });
    const depth = info.filterHeight * info.filterWidth * info.inChannels;
    const rows = info.batchSize * info.outHeight * info.outWidth;
    const out = (args.backend as WasmBackendInternals).makeOutput([...attrs.inputShape], 'float32');
    const dx = runtime.pointer(out);
    const size = util.sizeFromShape(attrs.inputShape);
    if (isPointwise(info)) {
      runtime.gemmNT(runtime.pointer(dy), info.outChannels * 4, runtime.pointer(filter), info.outChannels * 4, dx, depth * 4, rows, depth, info.outChannels, 0, 0);
      return out;
    }
    if (info.strideHeight === 1 && info.strideWidth === 1 && rows > 0) {
      inputGradientAsConvolution(runtime, dy, filter, info, dx);
      return out;
    }
    runtime.heap().fill(0, dx / 4, dx / 4 + size);
    if (rows === 0) return out;
    const col = runtime.alloc(rows * depth);
    try {
      runtime.gemmNT(runtime.pointer(dy), info.outChannels * 4, runtime.pointer(filter), info.outChannels * 4, col, depth * 4, rows, depth, info.outChannels, 0, 0);
      runtime.col2im(dx, col, runtime.writeInts(geometryValues(geometry(info))));
    } finally {
      runtime.free(col);
    }
    return out;
  };
}

function wrapBuiltIn(builtIn: KernelConfig, make: (builtIn: KernelFunc) => KernelFunc): KernelConfig {
  return {
    kernelName: builtIn.kernelName,
    backendName: 'wasm',
    kernelFunc: make(builtIn.kernelFunc),
    ...(builtIn.setupFunc ? { setupFunc: builtIn.setupFunc } : {}),
    ...(builtIn.disposeFunc ? { disposeFunc: builtIn.disposeFunc } : {}),
  };
}

/**
 * `Conv2D` on wasm: under gradient recording (a training forward, whose filters changed at the
 * last update) im2col + SIMD GEMM, which packs nothing, keeping the patch matrix for the filter
 * gradient; outside it, from batch {@link SIMD_FORWARD_MIN_BATCH} (target networks), the implicit
 * GEMM of {@link convolve}; smaller batches (acting) the built-in XNNPACK convolution, whose packed
 * filters are cached and reused while weights stay.
 */
export function simdConv2dConfig(builtIn: KernelConfig): KernelConfig {
  return wrapBuiltIn(builtIn, conv2dKernel);
}

/** `FusedConv2D` (bias, linear/ReLU) on wasm, chosen as for `Conv2D`; other activations use `builtIn`. */
export function simdFusedConv2dConfig(builtIn: KernelConfig): KernelConfig {
  return wrapBuiltIn(builtIn, fusedConv2dKernel);
}

/** `Conv2DBackpropFilter` on wasm as im2col + a TN SIMD GEMM, falling back to `fallback`. */
export function simdConv2dBackpropFilterConfig(fallback: KernelFunc): KernelConfig {
  return { kernelName: Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: backpropFilterKernel(fallback) };
}

/** `Conv2DBackpropInput` on wasm as an NT SIMD GEMM + col2im, falling back to `fallback`. */
export function simdConv2dBackpropInputConfig(fallback: KernelFunc): KernelConfig {
  return { kernelName: Conv2DBackpropInput, backendName: 'wasm', kernelFunc: backpropInputKernel(fallback) };
}

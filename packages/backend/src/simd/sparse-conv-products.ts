import type { backend_util, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdHeap, WasmBackendInternals } from './simd-heap';
import type { SimdRuntime } from './simd-runtime';
import { SPARSE_MIN_BATCH, transpose } from './sparse-dense-products';
import { storeInts, type DerivedLayout, type SparsePattern } from './sparse-weights';

/** tfjs's description of one convolution (conv-patches.ts's `ConvInfo`). */
type ConvInfo = backend_util.Conv2DInfo;

/**
 * Convolutions that skip pruned filter taps: the forward pass and the input gradient of a
 * convolution whose filter `[kh, kw, Cin, Cout]` (as the matrix `[kh·kw·Cin, Cout]`) is at most
 * `SPARSE_CONV_WEIGHTS.maxDensity` (sparse-weights.ts) nonzero run through `sparse_gather`, work proportional
 * to the nonzero weights. Anything else returns `undefined` and takes the dense kernels.
 *
 * The batch lies along SIMD lanes: the input is copied (4x4-tile transposes) into a zero-padded
 * `[H', W', Cin, B]` buffer, where every tap (di, dj, ci) of an output pixel is one row at a fixed
 * distance `(di·W' + dj)·Cin + ci` from the row of the pixel's window corner; the output comes out
 * as `[Ho, Wo, Cout, B]` and is transposed back. The input gradient is the same walk over the
 * padded output gradient: `dx[y, x, ci] = Σ W[di, dj, ci, co] · dy[(y + top - di) / s, ...]` over
 * the taps whose division is exact, i.e. per stride phase ((y + top) mod s, (x + left) mod s) one
 * entry list, so stride 2 walks only the taps that reach a pixel. Only exact zeros are skipped, so
 * the results equal the dense kernels' up to float summation order (and a zero weight times an
 * infinite input, which the dense product turns into NaN).
 */

// Diagnostics only (tests and benchmarks): the kernels count here, nothing reads it back.
let counters = { forward: 0, inputGradient: 0, filterGradient: 0 };

/** Sparse convolutions run so far (for tests and benchmarks). */
export function sparseConvCounts(): { forward: number; inputGradient: number; filterGradient: number } {
  return { ...counters };
}

/** Resets {@link sparseConvCounts}. */
export function resetSparseConvCounts(): void {
  counters = { forward: 0, inputGradient: 0, filterGradient: 0 };
}

/** The walk of one convolution geometry: pixel records and entries on the heap. */
interface ConvWalk extends DerivedLayout {
  /** The `starts` of the first stride phase (the only one of a forward walk). */
  readonly starts: number;
  readonly pixels: number;
  readonly count: number;
  readonly entries: number;
  /** Padded height and width of the buffer the walk reads. */
  readonly height: number;
  readonly width: number;
  /** Where the unpadded tensor's pixel (0, 0) lies in the padded buffer (rows, columns). */
  readonly top: number;
  readonly left: number;
}

function geometryKey(kind: string, info: ConvInfo): string {
  const p = info.padInfo;
  return [kind, info.inHeight, info.inWidth, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth, p.top, p.left].join(',');
}

/** Filter matrix row k = (di·kw + dj)·Cin + ci as its tap. */
function tapOf(k: number, info: ConvInfo): { di: number; dj: number; ci: number } {
  const t = Math.floor(k / info.inChannels);
  return { di: Math.floor(t / info.filterWidth), dj: t % info.filterWidth, ci: k % info.inChannels };
}

function storeWalk(runtime: SimdHeap, pixels: Int32Array, starts: Int32Array, entries: Int32Array, shape: Omit<ConvWalk, 'starts' | 'pixels' | 'count' | 'entries' | 'addresses'>): ConvWalk {
  const startsAddress = storeInts(runtime, starts);
  // Pixel records hold the index of their phase's `starts`: make them addresses.
  for (let i = 1; i < pixels.length; i += 2) pixels[i] = startsAddress + 4 * pixels[i]!;
  const pixelsAddress = storeInts(runtime, pixels);
  const entriesAddress = storeInts(runtime, entries);
  return { ...shape, starts: startsAddress, pixels: pixelsAddress, count: pixels.length / 2, entries: entriesAddress, addresses: [startsAddress, pixelsAddress, entriesAddress] };
}

/** The forward walk: output channels as channels, taps at fixed distances in the padded input. */
function forwardWalk(runtime: SimdHeap, pattern: SparsePattern, info: ConvInfo): ConvWalk {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, inChannels: cin } = info;
  const { top, left } = info.padInfo;
  const height = Math.max(top + info.inHeight, (info.outHeight - 1) * sh + kh);
  const width = Math.max(left + info.inWidth, (info.outWidth - 1) * sw + kw);
  const byColumn = pattern.csr.transpose();
  const entries = new Int32Array(2 * byColumn.nonzeros);
  for (let e = 0; e < byColumn.nonzeros; e++) {
    const { di, dj, ci } = tapOf(byColumn.columns[e]!, info);
    entries[2 * e] = 4 * byColumn.positions[e]!;
    entries[2 * e + 1] = (di * width + dj) * cin + ci;
  }
  const pixels = new Int32Array(2 * info.outHeight * info.outWidth);
  let i = 0;
  for (let oy = 0; oy < info.outHeight; oy++) {
    for (let ox = 0; ox < info.outWidth; ox++) {
      pixels[i++] = (oy * sh * width + ox * sw) * cin;
      pixels[i++] = 0;
    }
  }
  return storeWalk(runtime, pixels, byColumn.rowStart, entries, { height, width, top, left });
}

/**
 * The input-gradient walk: input channels as channels; one entry list per stride phase, an entry
 * (di, dj, co) of phase (di mod sh, dj mod sw) at distance `((Ty - my)·W' + (Tx - mx))·Cout + co`
 * (`di = ry + sh·my`, `Ty = ⌊(kh - 1)/sh⌋`) from the row of the pixel's `(⌊(y+top)/sh⌋, ⌊(x+left)/sw⌋)`
 * in the output gradient padded by (Ty, Tx) before.
 */
function inputGradientWalk(runtime: SimdHeap, pattern: SparsePattern, info: ConvInfo): ConvWalk {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = info;
  const { top, left } = info.padInfo;
  const ty = Math.floor((kh - 1) / sh);
  const tx = Math.floor((kw - 1) / sw);
  const height = Math.max(ty + info.outHeight, Math.floor((info.inHeight - 1 + top) / sh) + ty + 1);
  const width = Math.max(tx + info.outWidth, Math.floor((info.inWidth - 1 + left) / sw) + tx + 1);
  const phases = sh * sw;
  const csr = pattern.csr;
  const phaseOf = (k: number): number => {
    const { di, dj } = tapOf(k, info);
    return (di % sh) * sw + (dj % sw);
  };
  // Counting sort of the entries by (phase, ci).
  const starts = new Int32Array(phases * (cin + 1));
  const counts = new Int32Array(phases * cin);
  for (let k = 0; k < csr.rows; k++) counts[phaseOf(k) * cin + (k % cin)]! += csr.rowStart[k + 1]! - csr.rowStart[k]!;
  let total = 0;
  for (let q = 0; q < phases; q++) {
    for (let ci = 0; ci < cin; ci++) {
      starts[q * (cin + 1) + ci] = total;
      total += counts[q * cin + ci]!;
    }
    starts[q * (cin + 1) + cin] = total;
  }
  const fill = new Int32Array(phases * cin);
  for (let q = 0; q < phases; q++) for (let ci = 0; ci < cin; ci++) fill[q * cin + ci] = starts[q * (cin + 1) + ci]!;
  const entries = new Int32Array(2 * csr.nonzeros);
  for (let k = 0; k < csr.rows; k++) {
    const { di, dj, ci } = tapOf(k, info);
    const my = Math.floor(di / sh);
    const mx = Math.floor(dj / sw);
    const slot = phaseOf(k) * cin + ci;
    for (let e = csr.rowStart[k]!; e < csr.rowStart[k + 1]!; e++) {
      const at = fill[slot]!++;
      entries[2 * at] = 4 * csr.positions[e]!;
      entries[2 * at + 1] = ((ty - my) * width + (tx - mx)) * cout + csr.columns[e]!;
    }
  }
  const pixels = new Int32Array(2 * info.inHeight * info.inWidth);
  let i = 0;
  for (let y = 0; y < info.inHeight; y++) {
    for (let x = 0; x < info.inWidth; x++) {
      const qy = Math.floor((y + top) / sh);
      const qx = Math.floor((x + left) / sw);
      pixels[i++] = (qy * width + qx) * cout;
      pixels[i++] = (((y + top) % sh) * sw + ((x + left) % sw)) * (cin + 1);
    }
  }
  return storeWalk(runtime, pixels, starts, entries, { height, width, top: ty, left: tx });
}

function walkOf(runtime: SimdHeap, pattern: SparsePattern, info: ConvInfo, kind: 'forward' | 'input'): ConvWalk {
  const key = geometryKey(kind, info);
  let walk = pattern.derived.get(key) as ConvWalk | undefined;
  if (!walk) {
    walk = kind === 'forward' ? forwardWalk(runtime, pattern, info) : inputGradientWalk(runtime, pattern, info);
    pattern.derived.set(key, walk);
  }
  return walk;
}

/**
 * `src` (`[B, h, w, c]`, NHWC) copied into a new zeroed `[walk.height, walk.width, c, B]` buffer
 * at (top, left), the batch along lanes; free it with `runtime.free`.
 */
function packLanes(runtime: SimdHeap, walk: ConvWalk, src: TensorInfo): number {
  const [batch, h, w, c] = src.shape as [number, number, number, number];
  const padded = walk.height * walk.width * c * batch;
  const inT = runtime.alloc(padded);
  runtime.heap().fill(0, inT / 4, inT / 4 + padded);
  const source = runtime.pointer(src);
  for (let y = 0; y < h; y++) {
    const row = ((y + walk.top) * walk.width + walk.left) * c;
    transpose(runtime, source + y * w * c * 4, h * w * c * 4, inT + row * batch * 4, batch * 4, batch, w * c);
  }
  return inT;
}

/** Runs `walk` over `src` and writes `[B, ...outShape]`: `sparse_gather` on the lanes, transposed back. */
function gather(backend: KernelBackend, runtime: SimdHeap, walk: ConvWalk, src: TensorInfo, filter: TensorInfo, channels: number, outShape: number[], bias: number, relu: boolean): TensorInfo {
  const lanes = src.shape[0]!;
  const inT = packLanes(runtime, walk, src);
  const outT = runtime.alloc(walk.count * channels * lanes);
  try {
    runtime.functions['sparse_gather']!(walk.pixels, walk.count, walk.entries, runtime.pointer(filter), inT, outT, channels, lanes, bias, relu ? 1 : 0);
    const out = (backend as WasmBackendInternals).makeOutput([lanes, ...outShape], 'float32');
    transpose(runtime, outT, lanes * 4, runtime.pointer(out), walk.count * channels * 4, walk.count * channels, lanes);
    return out;
  } finally {
    runtime.free(inT);
    runtime.free(outT);
  }
}

/** The pattern of `filter` when this convolution can take the sparse path. */
function eligible(runtime: SimdRuntime, info: ConvInfo, filter: TensorInfo, rowFloats: number, outFloats: number): SparsePattern | null {
  const batch = info.batchSize;
  if (batch < SPARSE_MIN_BATCH || batch % 4 !== 0 || rowFloats % 4 !== 0 || outFloats % 4 !== 0) return null;
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1 || info.outHeight === 0 || info.outWidth === 0) return null;
  return runtime.sparseConvWeights.lookup(filter, info.filterHeight * info.filterWidth * info.inChannels, info.outChannels);
}

/**
 * `act(conv2d(x, filter) + bias)` through the filter's nonzero taps, or `undefined` (see the file
 * comment).
 */
export function sparseConvForward(backend: KernelBackend, runtime: SimdRuntime, x: TensorInfo, filter: TensorInfo, info: ConvInfo, bias: TensorInfo | undefined, relu: boolean): TensorInfo | undefined {
  const pattern = eligible(runtime, info, filter, info.inWidth * info.inChannels, info.outHeight * info.outWidth * info.outChannels);
  if (!pattern) return undefined;
  const walk = walkOf(runtime, pattern, info, 'forward');
  const out = gather(backend, runtime, walk, x, filter, info.outChannels, [info.outHeight, info.outWidth, info.outChannels], bias ? runtime.pointer(bias) : 0, relu);
  counters.forward++;
  return out;
}

/** The input gradient `[B, H, W, Cin]` of a convolution from its output gradient `dy`, or `undefined`. */
export function sparseConvInputGradient(backend: KernelBackend, runtime: SimdRuntime, dy: TensorInfo, filter: TensorInfo, info: ConvInfo): TensorInfo | undefined {
  const pattern = eligible(runtime, info, filter, info.outWidth * info.outChannels, info.inHeight * info.inWidth * info.inChannels);
  if (!pattern) return undefined;
  const walk = walkOf(runtime, pattern, info, 'input');
  const out = gather(backend, runtime, walk, dy, filter, info.inChannels, [info.inHeight, info.inWidth, info.inChannels], 0, false);
  counters.inputGradient++;
  return out;
}

/**
 * The filter gradient `[kh, kw, Cin, Cout]` of a convolution at the filter's nonzero weights only
 * (zeros elsewhere: core's `kept` weight gradients), from its input `x` and output gradient `dy`,
 * or `undefined`. `sparse_weight_gradient` walks the forward walk's entries over the padded input
 * and `dy` as `[Ho, Wo, Cout, B]`.
 */
export function sparseConvFilterGradient(backend: KernelBackend, runtime: SimdRuntime, x: TensorInfo, dy: TensorInfo, filter: TensorInfo, info: ConvInfo): TensorInfo | undefined {
  const outFloats = info.outHeight * info.outWidth * info.outChannels;
  const pattern = eligible(runtime, info, filter, info.inWidth * info.inChannels, outFloats);
  if (!pattern) return undefined;
  const walk = walkOf(runtime, pattern, info, 'forward');
  const batch = info.batchSize;
  const inT = packLanes(runtime, walk, x);
  const dyT = runtime.alloc(outFloats * batch);
  try {
    transpose(runtime, runtime.pointer(dy), outFloats * 4, dyT, batch * 4, batch, outFloats);
    const out = (backend as WasmBackendInternals).makeOutput([...filter.shape], 'float32');
    const pointer = runtime.pointer(out);
    runtime.heap().fill(0, pointer / 4, pointer / 4 + pattern.rows * pattern.cols);
    runtime.functions['sparse_weight_gradient']!(walk.starts, walk.pixels, walk.count, walk.entries, inT, dyT, pointer, info.outChannels, batch);
    counters.filterGradient++;
    return out;
  } finally {
    runtime.free(inT);
    runtime.free(dyT);
  }
}

import type { backend_util, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdHeap, WasmBackendInternals } from './simd-heap';
import type { SimdRuntime } from './simd-runtime';
import { SPARSE_MIN_BATCH, transpose } from './sparse-dense-products';
import { storeInts, type DerivedLayout, type SparsePattern } from './sparse-weights';
import { validOutputs } from './valid-outputs';

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
  readonly pixels: number;
  readonly count: number;
  /** Entry pairs whose weight offsets are into the packed weights (`pack_weights` from `packing`). */
  readonly entries: number;
  /** Byte offsets in the filter of the weights the walk reads, in packed order; `packed` of them. */
  readonly packing: number;
  readonly packed: number;
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

/**
 * Stores a walk whose entries name weights by byte offset in the filter, with those weights packed
 * in `order` (byte offsets, each weight once; channel by channel as the walk reads them): entries
 * then point into the packed block, whose weights a product copies out of the filter once.
 */
function storeWalk(runtime: SimdHeap, pixels: Int32Array, starts: Int32Array, entries: Int32Array, order: Int32Array, shape: Omit<ConvWalk, 'pixels' | 'count' | 'entries' | 'packing' | 'packed' | 'addresses'>): ConvWalk {
  const slot = new Map<number, number>();
  order.forEach((offset, i) => slot.set(offset, 4 * i));
  for (let i = 0; i < entries.length; i += 2) {
    const packed = slot.get(entries[i]!);
    if (packed === undefined) throw new Error(`sparse convolution walk: weight at byte ${entries[i]} is not in its packing order (a walk builder bug)`);
    entries[i] = packed;
  }
  const startsAddress = storeInts(runtime, starts);
  // Pixel records hold the index of their phase's `starts`: make them addresses.
  for (let i = 1; i < pixels.length; i += 2) pixels[i] = startsAddress + 4 * pixels[i]!;
  const pixelsAddress = storeInts(runtime, pixels);
  const entriesAddress = storeInts(runtime, entries);
  const packingAddress = storeInts(runtime, order);
  return {
    ...shape,
    pixels: pixelsAddress,
    count: pixels.length / 2,
    entries: entriesAddress,
    packing: packingAddress,
    packed: order.length,
    addresses: [startsAddress, pixelsAddress, entriesAddress, packingAddress],
  };
}

/** A zero-padded `[height, width, C, B]` buffer with the unpadded tensor's pixel (0, 0) at (top, left). */
interface PaddedBuffer {
  readonly height: number;
  readonly width: number;
  readonly top: number;
  readonly left: number;
}

/** The padded input the forward and filter-gradient walks read: every window inside it. */
function paddedInput(info: ConvInfo): PaddedBuffer {
  const { top, left } = info.padInfo;
  const height = Math.max(top + info.inHeight, (info.outHeight - 1) * info.strideHeight + info.filterHeight);
  const width = Math.max(left + info.inWidth, (info.outWidth - 1) * info.strideWidth + info.filterWidth);
  return { height, width, top, left };
}

/** The taps `[first, last]` of output coordinate `o` that read inside `[0, size)` (none when last < first). */
function tapsInside(o: number, stride: number, pad: number, size: number, taps: number): readonly [number, number] {
  return [Math.max(0, pad - o * stride), Math.min(taps - 1, size - 1 + pad - o * stride)];
}

/**
 * The forward walk: output channels as channels, taps at fixed distances in the padded input.
 * Output pixels are grouped by which filter rows and columns land inside the input (the corners,
 * edges and interior of a 'same' convolution), and each group's entry lists hold only those taps:
 * a tap in the padding multiplies a zero (40% of a 3x3 'same' convolution's taps on 3x3
 * images). The sums keep their order without those exact-zero terms.
 */
function forwardWalk(runtime: SimdHeap, pattern: SparsePattern, info: ConvInfo): ConvWalk {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = info;
  const { height, width, top, left } = paddedInput(info);
  const groups = new Map<string, number>();
  const ranges: Array<readonly [number, number, number, number]> = [];
  const pixels = new Int32Array(2 * info.outHeight * info.outWidth);
  let i = 0;
  for (let oy = 0; oy < info.outHeight; oy++) {
    const [di0, di1] = tapsInside(oy, sh, top, info.inHeight, kh);
    for (let ox = 0; ox < info.outWidth; ox++) {
      const [dj0, dj1] = tapsInside(ox, sw, left, info.inWidth, kw);
      const key = `${di0},${di1},${dj0},${dj1}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = ranges.length;
        groups.set(key, group);
        ranges.push([di0, di1, dj0, dj1]);
      }
      pixels[i++] = (oy * sh * width + ox * sw) * cin;
      pixels[i++] = group * (cout + 1);
    }
  }
  const byColumn = pattern.csr.transpose();
  const starts = new Int32Array(ranges.length * (cout + 1));
  const kept: number[] = [];
  for (let g = 0; g < ranges.length; g++) {
    const [di0, di1, dj0, dj1] = ranges[g]!;
    for (let co = 0; co <= cout; co++) {
      starts[g * (cout + 1) + co] = kept.length / 2;
      if (co === cout) break;
      for (let e = byColumn.rowStart[co]!; e < byColumn.rowStart[co + 1]!; e++) {
        const { di, dj, ci } = tapOf(byColumn.columns[e]!, info);
        if (di < di0 || di > di1 || dj < dj0 || dj > dj1) continue;
        kept.push(4 * byColumn.positions[e]!, (di * width + dj) * cin + ci);
      }
    }
  }
  const order = Int32Array.from(byColumn.positions, (position) => 4 * position);
  return storeWalk(runtime, pixels, starts, Int32Array.from(kept), order, { height, width, top, left });
}

/**
 * The input-gradient walk: input channels as channels; one entry list per stride phase, an entry
 * (di, dj, co) of phase (di mod sh, dj mod sw) at distance `((Ty - my)·W' + (Tx - mx))·Cout + co`
 * (`di = ry + sh·my`, `Ty = ⌊(kh - 1)/sh⌋`) from the row of the pixel's `(⌊(y+top)/sh⌋, ⌊(x+left)/sw⌋)`
 * in the output gradient padded by (Ty, Tx) before. As in the forward walk, pixels are grouped by
 * which taps reach a row of the output gradient inside its bounds (not its padding), and each
 * group's lists hold only those.
 */
function inputGradientWalk(runtime: SimdHeap, pattern: SparsePattern, info: ConvInfo): ConvWalk {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout, outHeight, outWidth } = info;
  const { top, left } = info.padInfo;
  const ty = Math.floor((kh - 1) / sh);
  const tx = Math.floor((kw - 1) / sw);
  const height = Math.max(ty + outHeight, Math.floor((info.inHeight - 1 + top) / sh) + ty + 1);
  const width = Math.max(tx + outWidth, Math.floor((info.inWidth - 1 + left) / sw) + tx + 1);
  const csr = pattern.csr;
  // Entries by (phase, ci) in the pattern's row order: weight byte offset, relative row, my, mx.
  const lists: number[][] = Array.from({ length: sh * sw * cin }, () => []);
  for (let k = 0; k < csr.rows; k++) {
    const { di, dj, ci } = tapOf(k, info);
    const my = Math.floor(di / sh);
    const mx = Math.floor(dj / sw);
    const list = lists[((di % sh) * sw + (dj % sw)) * cin + ci]!;
    for (let e = csr.rowStart[k]!; e < csr.rowStart[k + 1]!; e++) {
      list.push(4 * csr.positions[e]!, ((ty - my) * width + (tx - mx)) * cout + csr.columns[e]!, my, mx);
    }
  }
  // The pixel at (qy, qx) in the output gradient's grid reads row qy - my: inside for my in [qy - Ho + 1, qy].
  const groups = new Map<string, number>();
  const ranges: Array<readonly [number, number, number, number, number]> = [];
  const pixels = new Int32Array(2 * info.inHeight * info.inWidth);
  let i = 0;
  for (let y = 0; y < info.inHeight; y++) {
    const qy = Math.floor((y + top) / sh);
    for (let x = 0; x < info.inWidth; x++) {
      const qx = Math.floor((x + left) / sw);
      const phase = ((y + top) % sh) * sw + ((x + left) % sw);
      const range = [phase, Math.max(0, qy - outHeight + 1), Math.min(ty, qy), Math.max(0, qx - outWidth + 1), Math.min(tx, qx)] as const;
      const key = range.join(',');
      let group = groups.get(key);
      if (group === undefined) {
        group = ranges.length;
        groups.set(key, group);
        ranges.push(range);
      }
      pixels[i++] = (qy * width + qx) * cout;
      pixels[i++] = group * (cin + 1);
    }
  }
  const starts = new Int32Array(ranges.length * (cin + 1));
  const kept: number[] = [];
  for (let g = 0; g < ranges.length; g++) {
    const [phase, my0, my1, mx0, mx1] = ranges[g]!;
    for (let ci = 0; ci <= cin; ci++) {
      starts[g * (cin + 1) + ci] = kept.length / 2;
      if (ci === cin) break;
      const list = lists[phase * cin + ci]!;
      for (let e = 0; e < list.length; e += 4) {
        const [my, mx] = [list[e + 2]!, list[e + 3]!];
        if (my >= my0 && my <= my1 && mx >= mx0 && mx <= mx1) kept.push(list[e]!, list[e + 1]!);
      }
    }
  }
  const order = Int32Array.from(lists.flatMap((list) => list.filter((_, j) => j % 4 === 0)));
  return storeWalk(runtime, pixels, starts, Int32Array.from(kept), order, { height, width, top: ty, left: tx });
}

/** One filter tap's part of a {@link FilterWalk}: its entries by output channel and its pixels. */
interface TapWalk {
  readonly starts: number;
  readonly pixels: number;
  readonly count: number;
}

/**
 * The filter-gradient walk: per filter tap (di, dj) with nonzero weights, the output pixels where
 * the tap reads inside the input (a box of the output grid), as indexed records (base row in the
 * padded input, the pixel's index in dy), and the tap's entries by output channel. The padding's
 * pixels, whose products are zeros, are never visited.
 */
interface FilterWalk extends DerivedLayout {
  readonly taps: readonly TapWalk[];
  readonly entries: number;
}

function filterWalk(runtime: SimdHeap, pattern: SparsePattern, info: ConvInfo): FilterWalk {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout, outHeight, outWidth } = info;
  const { width, top, left } = paddedInput(info);
  const byColumn = pattern.csr.transpose();
  // Entries of each tap by output channel, in the pattern's column order.
  const perTap: number[][][] = Array.from({ length: kh * kw }, () => Array.from({ length: cout }, () => []));
  for (let co = 0; co < cout; co++) {
    for (let e = byColumn.rowStart[co]!; e < byColumn.rowStart[co + 1]!; e++) {
      const { di, dj, ci } = tapOf(byColumn.columns[e]!, info);
      perTap[di * kw + dj]![co]!.push(4 * byColumn.positions[e]!, (di * width + dj) * cin + ci);
    }
  }
  const entries: number[] = [];
  const tapStarts: Array<{ starts: Int32Array; pixels: Int32Array }> = [];
  for (let di = 0; di < kh; di++) {
    // Output rows whose tap row di lands inside the input (tapsInside inverted).
    const [y0, y1] = validOutputs(di - top, sh, info.inHeight, outHeight);
    for (let dj = 0; dj < kw; dj++) {
      const lists = perTap[di * kw + dj]!;
      if (lists.every((l) => l.length === 0)) continue;
      const [x0, x1] = validOutputs(dj - left, sw, info.inWidth, outWidth);
      if (y1 === y0 || x1 === x0) continue;
      const starts = new Int32Array(cout + 1);
      for (let co = 0; co < cout; co++) {
        starts[co] = entries.length / 2;
        entries.push(...lists[co]!);
      }
      starts[cout] = entries.length / 2;
      const pixels = new Int32Array(2 * (y1 - y0) * (x1 - x0));
      let i = 0;
      for (let oy = y0; oy < y1; oy++) {
        for (let ox = x0; ox < x1; ox++) {
          pixels[i++] = (oy * sh * width + ox * sw) * cin;
          pixels[i++] = oy * outWidth + ox;
        }
      }
      tapStarts.push({ starts, pixels });
    }
  }
  const entriesAddress = storeInts(runtime, Int32Array.from(entries));
  const taps = tapStarts.map(({ starts, pixels }) => ({ starts: storeInts(runtime, starts), pixels: storeInts(runtime, pixels), count: pixels.length / 2 }));
  return { taps, entries: entriesAddress, addresses: [entriesAddress, ...taps.flatMap((t) => [t.starts, t.pixels])] };
}

function filterWalkOf(runtime: SimdHeap, pattern: SparsePattern, info: ConvInfo): FilterWalk {
  const key = geometryKey('filter', info);
  let walk = pattern.derived.get(key) as FilterWalk | undefined;
  if (!walk) {
    walk = filterWalk(runtime, pattern, info);
    pattern.derived.set(key, walk);
  }
  return walk;
}

function walkOf(runtime: SimdHeap, pattern: SparsePattern, info: ConvInfo, kind: 'forward' | 'input'): ConvWalk {
  const key = geometryKey(kind, info);
  let walk = pattern.derived.get(key) as ConvWalk | undefined;
  if (!walk) {
    walk = kind === 'input' ? inputGradientWalk(runtime, pattern, info) : forwardWalk(runtime, pattern, info);
    pattern.derived.set(key, walk);
  }
  return walk;
}

/**
 * `src` (`[B, h, w, c]`, NHWC) copied into a new zeroed `[walk.height, walk.width, c, B]` buffer
 * at (top, left), the batch along lanes; free it with `runtime.free`.
 */
function packLanes(runtime: SimdHeap, walk: PaddedBuffer, src: TensorInfo): number {
  const [batch, h, w, c] = src.shape as [number, number, number, number];
  const pixelFloats = c * batch;
  const rowFloats = walk.width * pixelFloats;
  const padded = walk.height * rowFloats;
  const inT = runtime.alloc(padded);
  // The walks skip the taps that land in the padding, so nothing reads it; it is zeroed anyway (a
  // walk that did would add exact zeros, not stale heap values). The transposes write the inside.
  const heap = runtime.heap();
  const first = inT / 4;
  heap.fill(0, first, first + walk.top * rowFloats);
  heap.fill(0, first + (walk.top + h) * rowFloats, first + padded);
  for (let y = walk.top; y < walk.top + h; y++) {
    const row = first + y * rowFloats;
    heap.fill(0, row, row + walk.left * pixelFloats);
    heap.fill(0, row + (walk.left + w) * pixelFloats, row + rowFloats);
  }
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
  const packed = runtime.alloc(Math.max(1, walk.packed));
  try {
    runtime.functions['pack_weights']!(walk.packing, walk.packed, runtime.pointer(filter), packed);
    runtime.functions['sparse_gather']!(walk.pixels, walk.count, walk.entries, packed, inT, outT, channels, lanes, bias, relu ? 1 : 0);
    const out = (backend as WasmBackendInternals).makeOutput([lanes, ...outShape], 'float32');
    transpose(runtime, outT, lanes * 4, runtime.pointer(out), walk.count * channels * 4, walk.count * channels, lanes);
    return out;
  } finally {
    runtime.free(inT);
    runtime.free(outT);
    runtime.free(packed);
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
 * or `undefined`. `sparse_weight_gradient` walks, per filter tap, the tap's entries over the pixels
 * where it reads inside the input ({@link filterWalk}: indexed pixel records), from the padded input
 * and `dy` as `[Ho, Wo, Cout, B]`.
 */
export function sparseConvFilterGradient(backend: KernelBackend, runtime: SimdRuntime, x: TensorInfo, dy: TensorInfo, filter: TensorInfo, info: ConvInfo): TensorInfo | undefined {
  const outFloats = info.outHeight * info.outWidth * info.outChannels;
  const pattern = eligible(runtime, info, filter, info.inWidth * info.inChannels, outFloats);
  if (!pattern) return undefined;
  const walk = filterWalkOf(runtime, pattern, info);
  const batch = info.batchSize;
  const inT = packLanes(runtime, paddedInput(info), x);
  const dyT = runtime.alloc(outFloats * batch);
  try {
    transpose(runtime, runtime.pointer(dy), outFloats * 4, dyT, batch * 4, batch, outFloats);
    const out = (backend as WasmBackendInternals).makeOutput([...filter.shape], 'float32');
    const pointer = runtime.pointer(out);
    runtime.heap().fill(0, pointer / 4, pointer / 4 + pattern.rows * pattern.cols);
    for (const tap of walk.taps) {
      runtime.functions['sparse_weight_gradient']!(tap.starts, tap.pixels, tap.count, walk.entries, inT, dyT, pointer, info.outChannels, batch, 1);
    }
    counters.filterGradient++;
    return out;
  } finally {
    runtime.free(inT);
    runtime.free(dyT);
  }
}

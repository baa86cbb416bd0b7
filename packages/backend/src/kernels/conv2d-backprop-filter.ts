import {
  backend_util,
  Conv2DBackpropFilter,
  conv2d,
  pad as padTensor,
  slice,
  tidy,
  transpose,
  type KernelBackend,
  type Conv2DBackpropFilterAttrs,
  type KernelFunc,
  type Tensor4D,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { boxValues, GEMM_FLAGS, type BoxGeometry } from '@prunerl/wasm';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import { borrowTensor, toKernelOutput } from '../kernel-support/tensor-output';
import { convInfo, isPointwise, PARALLEL_MIN_WORK, splitRanges, vectorBytes, withPatches, type ConvInfo } from '../simd/conv-patches';
import { validOutputs } from '../simd/valid-outputs';
import { KernelHelper, settleHelpers, type KernelCall } from '../simd/kernel-helpers';
import type { SimdHeap, WasmBackendInternals } from '../simd/simd-heap';
import type { SimdKernels } from '../simd/simd-runtime';

/**
 * The filter gradient of a 2-D convolution, which tfjs-backend-wasm 4.22 does not have.
 *
 * dW[di, dj, ci, co] = sum_{b, i, j} xpad[b, i*s + di, j*s + dj, ci] * dy[b, i, j, co]
 *
 * is itself a stride-1 convolution with dilation s: the input is xpad transposed to
 * [Cin, H', W', B] (batch acts as channels), the filter is dy transposed to [Ho, Wo, B, Cout], and the
 * result [Cin, fh, fw, Cout] is transposed back to [fh, fw, Cin, Cout]. That runs on the backend's
 * fast XNNPACK convolution (about 8x faster than im2col on wasm; see shared KNOWN.md).
 * xpad is x with the forward pass's padding added and cropped or extended so exactly fh x fw
 * outputs come out.
 */
export function conv2dBackpropFilterFromConvolution(x: Tensor4D, dy: Tensor4D, attrs: Conv2DBackpropFilterAttrs): Tensor4D {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter on wasm supports dataFormat NHWC only, got ${dataFormat}.`);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape,
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const [fh, fw] = [info.filterHeight, info.filterWidth];
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const needH = fh + (info.outHeight - 1) * sh;
  const needW = fw + (info.outWidth - 1) * sw;
  return tidy(() => {
    const { top, left } = info.padInfo;
    const [, h, w] = x.shape;
    // Padding after the data: extend with zeros if short, crop if the forward conv never read the tail.
    const extraH = needH - (top + h);
    const extraW = needW - (left + w);
    let xp: Tensor4D = x;
    if (top > 0 || left > 0 || extraH > 0 || extraW > 0) {
      xp = padTensor(xp, [
        [0, 0],
        [top, Math.max(0, extraH)],
        [left, Math.max(0, extraW)],
        [0, 0],
      ]);
    }
    if (extraH < 0 || extraW < 0) {
      xp = slice(xp, [0, 0, 0, 0], [-1, needH, needW, -1]);
    }
    const input = transpose(xp, [3, 1, 2, 0]);
    const filter = transpose(dy, [1, 2, 0, 3]);
    const out = conv2d(input, filter, 1, 'valid', 'NHWC', [sh, sw]);
    return transpose(out, [1, 2, 0, 3]);
  });
}

const convolutionKernel = ({ inputs, backend: anyBackend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const backend = anyBackend as KernelBackend;
  const xt = borrowTensor<Tensor4D>(backend, x);
  const dyt = borrowTensor<Tensor4D>(backend, dy);
  try {
    return toKernelOutput(backend, conv2dBackpropFilterFromConvolution(xt, dyt, attrs as unknown as Conv2DBackpropFilterAttrs));
  } finally {
    xt.dispose();
    dyt.dispose();
  }
};

/** Output pixels per call of the filter-gradient product (see `simdKernel`). */
const PIXEL_BLOCK = 256;

/**
 * dW = im2col(x)ᵀ · dy: the patch matrix `[P, kh·kw·Cin]` is the stored-transposed left operand
 * of a TN product with dy `[P, Cout]` (P = B·Ho·Wo), giving `[kh·kw·Cin, Cout]`, the filter's layout.
 */
function simdKernel(simd: SimdKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const runtime = simd.runtime(args.backend as KernelBackend);
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
    if (tapwise(info)) {
      tapwiseFilterGradient(runtime, runtime.pointer(x), runtime.pointer(dy), info, pointer);
      return out;
    }
    withPatches(runtime, x, info, 'take', (col) => {
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
 * From this many input channels (the forward pass's implicit-GEMM threshold, so no patch matrix is
 * cached for them), undilated filter gradients are summed tap by tap over only the pixels each tap
 * reads (see {@link tapwiseFilterGradient}).
 */
const TAPWISE_MIN_CHANNELS = 8;

function tapwise(info: ConvInfo): boolean {
  return info.inChannels >= TAPWISE_MIN_CHANNELS && info.dilationHeight === 1 && info.dilationWidth === 1 && !isPointwise(info);
}

/** Where one share of a tap-wise filter gradient reads and writes (byte addresses in one memory). */
interface TapPointers {
  readonly x: number;
  readonly dy: number;
  /** Scratch for the gathered x pixels and output gradients, `B·Ho·Wo` rows each. */
  readonly gatheredX: number;
  readonly gatheredDy: number;
  /** The gradient of the share's first tap (the others follow it, `Cin·Cout` floats each). */
  readonly out: number;
  /** A block for the gathers' geometry records (12 i32 each, two per tap at most). */
  readonly records: number;
}

/** The calls computing taps `[t0, t1)`, the records they read, and the taps with no pixel (to zero). */
function tapCalls(info: ConvInfo, t0: number, t1: number, p: TapPointers): { calls: KernelCall[]; records: number[]; empty: number[] } {
  const { batchSize, inHeight, inWidth, inChannels: cin, outHeight, outWidth, outChannels: cout, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const pixels = batchSize * outHeight * outWidth;
  const calls: KernelCall[] = [];
  const records: number[] = [];
  const empty: number[] = [];
  const gather = (source: number, target: number, box: BoxGeometry): void => {
    calls.push({ fn: 'gather_box', args: [source, target, p.records + records.length * 4] });
    records.push(...boxValues(box));
  };
  for (let t = t0; t < t1; t++) {
    const [di, dj] = [Math.floor(t / filterWidth), t % filterWidth];
    const [y0, y1] = validOutputs(di - top, strideHeight, inHeight, outHeight);
    const [x0, x1] = validOutputs(dj - left, strideWidth, inWidth, outWidth);
    const rows = batchSize * (y1 - y0) * (x1 - x0);
    if (rows === 0) {
      empty.push(t);
      continue;
    }
    const box = { batch: batchSize, y0, y1, x0, x1 };
    gather(p.x, p.gatheredX, { ...box, height: inHeight, width: inWidth, channels: cin, strideY: strideHeight, strideX: strideWidth, offsetY: di - top, offsetX: dj - left });
    let dyRows = p.dy;
    if (rows !== pixels) {
      gather(p.dy, p.gatheredDy, { ...box, height: outHeight, width: outWidth, channels: cout, strideY: 1, strideX: 1, offsetY: 0, offsetX: 0 });
      dyRows = p.gatheredDy;
    }
    const tapOut = p.out + (t - t0) * cin * cout * 4;
    for (let k0 = 0; k0 < rows; k0 += PIXEL_BLOCK) {
      const kc = Math.min(PIXEL_BLOCK, rows - k0);
      calls.push({ fn: 'gemm_tn', args: [p.gatheredX + k0 * cin * 4, cin * 4, dyRows + k0 * cout * 4, cout * 4, tapOut, cout * 4, cin, cout, kc, 0, k0 === 0 ? 0 : GEMM_FLAGS.accumulate] });
    }
  }
  return { calls, records, empty };
}

/**
 * dW[di, dj] = Xtᵀ · DYt, one TN product per filter tap over the output pixels whose tap (di, dj)
 * lands inside x (a box of the output grid): Xt gathers the x pixels the tap reads, DYt the output
 * gradients at those pixels (dy itself when the box is the whole grid). im2col would multiply the
 * padding's zeros too: 56% of a 3x3 'same' convolution's taps on 2x2 images, 40% on 3x3, 25% on 5x5.
 * Each sum adds the same nonzero products in the same pixel order as im2col's (its chunks of
 * {@link PIXEL_BLOCK} pixels start elsewhere, so the last bits can differ).
 *
 * With kernel helper threads, large gradients split their taps: each helper computes a contiguous
 * range of taps from its own copies of x and dy, the main thread the first range in place; every
 * tap's calls are the same whichever thread runs them (bit-identical results).
 */
function tapwiseFilterGradient(runtime: SimdHeap, x: number, dy: number, info: ConvInfo, out: number): void {
  const { batchSize, inHeight, inWidth, inChannels: cin, outHeight, outWidth, outChannels: cout, filterHeight, filterWidth } = info;
  const taps = filterHeight * filterWidth;
  const pixels = batchSize * outHeight * outWidth;
  const helpers = runtime.helpers();
  const parts = helpers.length > 0 && pixels * cin * cout * taps >= PARALLEL_MIN_WORK ? Math.min(helpers.length + 1, taps) : 1;
  const bounds = splitRanges(taps, parts);
  const xFloats = batchSize * inHeight * inWidth * cin;
  const tapFloats = cin * cout;
  const posted: Array<{ helper: KernelHelper; at: number; t0: number; t1: number }> = [];
  const gatheredX = runtime.alloc(pixels * cin);
  const gatheredDy = runtime.alloc(pixels * cout);
  const records = runtime.alloc(2 * 12 * bounds[1]!);
  try {
    const heap = runtime.heap();
    for (let p = 1; p < parts; p++) {
      const helper = helpers[p - 1]!;
      const [t0, t1] = [bounds[p]!, bounds[p + 1]!];
      const xAt = KernelHelper.OPERANDS;
      const dyAt = xAt + vectorBytes(xFloats);
      const gxAt = dyAt + vectorBytes(pixels * cout);
      const gdyAt = gxAt + vectorBytes(pixels * cin);
      const outAt = gdyAt + vectorBytes(pixels * cout);
      const recordsAt = outAt + vectorBytes((t1 - t0) * tapFloats);
      const share = tapCalls(info, t0, t1, { x: xAt, dy: dyAt, gatheredX: gxAt, gatheredDy: gdyAt, out: outAt, records: recordsAt });
      helper.reserve(recordsAt + 4 * share.records.length - KernelHelper.OPERANDS);
      const f = helper.f32();
      f.set(heap.subarray(x / 4, x / 4 + xFloats), xAt / 4);
      f.set(heap.subarray(dy / 4, dy / 4 + pixels * cout), dyAt / 4);
      for (const t of share.empty) f.fill(0, outAt / 4 + (t - t0) * tapFloats, outAt / 4 + (t - t0 + 1) * tapFloats);
      helper.i32().set(share.records, recordsAt / 4);
      helper.post(share.calls, recordsAt + vectorBytes(share.records.length));
      posted.push({ helper, at: outAt, t0, t1 });
    }
    const mine = tapCalls(info, 0, bounds[1]!, { x, dy, gatheredX, gatheredDy, out, records });
    new Int32Array(heap.buffer).set(mine.records, records / 4);
    for (const t of mine.empty) heap.fill(0, out / 4 + t * tapFloats, out / 4 + (t + 1) * tapFloats);
    for (const call of mine.calls) runtime.functions[call.fn]!(...call.args);
  } finally {
    // Every posted helper is waited for, and the scratch freed, even when a share failed.
    const failure = settleHelpers(posted.map((p) => p.helper));
    runtime.free(gatheredX);
    runtime.free(gatheredDy);
    runtime.free(records);
    if (failure !== undefined) throw failure;
  }
  const heap = runtime.heap();
  for (const { helper, at, t0, t1 } of posted) heap.set(helper.f32().subarray(at / 4, at / 4 + (t1 - t0) * tapFloats), out / 4 + t0 * tapFloats);
}

/**
 * `Conv2DBackpropFilter` on wasm (tfjs-backend-wasm 4.22 has none): with `simdKernels` im2col + a
 * TN SIMD GEMM, else (and where that does not apply) the convolution above.
 */
export const conv2dBackpropFilterKernel: KernelDefinition = {
  kernelName: Conv2DBackpropFilter,
  group: 'training',
  wasm: ({ simd }) => (simd ? simdKernel(simd, convolutionKernel as unknown as KernelFunc) : (convolutionKernel as unknown as KernelFunc)),
};

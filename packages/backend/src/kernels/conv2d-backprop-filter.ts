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
import { convInfo, isPointwise, withPatches, type ConvInfo } from '../simd/conv-patches';
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

/** The output coordinates `[first, end)` whose tap at `offset` (= di - padTop) reads inside `[0, size)`. */
function validOutputs(offset: number, stride: number, size: number, outSize: number): readonly [number, number] {
  const first = Math.max(0, Math.ceil(-offset / stride));
  const end = Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1);
  return [first, Math.max(first, end)];
}

/**
 * dW[di, dj] = Xtᵀ · DYt, one TN product per filter tap over the output pixels whose tap (di, dj)
 * lands inside x (a box of the output grid): Xt gathers the x pixels the tap reads, DYt the output
 * gradients at those pixels (dy itself when the box is the whole grid). im2col would multiply the
 * padding's zeros too: 56% of a 3x3 'same' convolution's taps on 2x2 images, 40% on 3x3, 25% on 5x5.
 * Each sum adds the same nonzero products in the same pixel order as im2col's (its chunks of
 * {@link PIXEL_BLOCK} pixels start elsewhere, so the last bits can differ).
 */
function tapwiseFilterGradient(runtime: SimdHeap, x: number, dy: number, info: ConvInfo, out: number): void {
  const { batchSize, inHeight, inWidth, inChannels: cin, outHeight, outWidth, outChannels: cout, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const pixels = batchSize * outHeight * outWidth;
  const gatheredX = runtime.alloc(pixels * cin);
  const gatheredDy = runtime.alloc(pixels * cout);
  try {
    for (let di = 0; di < filterHeight; di++) {
      const [y0, y1] = validOutputs(di - top, strideHeight, inHeight, outHeight);
      for (let dj = 0; dj < filterWidth; dj++) {
        const [x0, x1] = validOutputs(dj - left, strideWidth, inWidth, outWidth);
        const tapOut = out + (di * filterWidth + dj) * cin * cout * 4;
        const rows = batchSize * (y1 - y0) * (x1 - x0);
        if (rows === 0) {
          runtime.heap().fill(0, tapOut / 4, tapOut / 4 + cin * cout);
          continue;
        }
        const box = { batch: batchSize, y0, y1, x0, x1 };
        gatherBox(runtime, x, gatheredX, { ...box, height: inHeight, width: inWidth, channels: cin, strideY: strideHeight, strideX: strideWidth, offsetY: di - top, offsetX: dj - left });
        let dyRows = dy;
        if (rows !== pixels) {
          gatherBox(runtime, dy, gatheredDy, { ...box, height: outHeight, width: outWidth, channels: cout, strideY: 1, strideX: 1, offsetY: 0, offsetX: 0 });
          dyRows = gatheredDy;
        }
        for (let k0 = 0; k0 < rows; k0 += PIXEL_BLOCK) {
          const kc = Math.min(PIXEL_BLOCK, rows - k0);
          runtime.gemmTN(gatheredX + k0 * cin * 4, cin * 4, dyRows + k0 * cout * 4, cout * 4, tapOut, cout * 4, cin, cout, kc, 0, k0 === 0 ? 0 : GEMM_FLAGS.accumulate);
        }
      }
    }
  } finally {
    runtime.free(gatheredX);
    runtime.free(gatheredDy);
  }
}

function gatherBox(runtime: SimdHeap, source: number, target: number, box: BoxGeometry): void {
  runtime.functions['gather_box']!(source, target, runtime.writeInts(boxValues(box)));
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

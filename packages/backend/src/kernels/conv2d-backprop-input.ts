import {
  backend_util,
  Conv2DBackpropInput,
  conv2d,
  pad as padTensor,
  reshape,
  reverse,
  slice,
  tidy,
  transpose,
  util,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelFunc,
  type Tensor4D,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geometryValues, type PatchGeometry } from '@prunerl/wasm';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import { borrowTensor, toKernelOutput } from '../kernel-support/tensor-output';
import { convInfo, convolve, geometry, isPointwise, type ConvInfo } from '../simd/conv-patches';
import type { SimdHeap, WasmBackendInternals } from '../simd/simd-heap';
import type { SimdKernels } from '../simd/simd-runtime';
import { sparseConvInputGradient } from '../simd/sparse-conv-products';

/**
 * The input gradient of a 2-D convolution, as a plain stride-1 convolution on the fast XNNPACK path
 * (tfjs-backend-wasm 4.22's own kernel is a naive loop).
 *
 * dx[b, y, x, ci] = sum_{di, dj, co} dy[b, i, j, co] W[di, dj, ci, co] with y = i*s + di - top.
 * Spreading dy out with s-1 zeros between entries (dyd[b, i*s, j*s] = dy[b, i, j]) turns it into
 * a "valid" convolution of dyd, padded by fh-1-top before, with W rotated by 180 degrees and its
 * channel axes swapped ([fh, fw, Cout, Cin]).
 */
export function conv2dBackpropInputFromConvolution(dy: Tensor4D, filter: Tensor4D, attrs: Conv2DBackpropInputAttrs): Tensor4D {
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropInput on wasm supports dataFormat NHWC only, got ${dataFormat}.`);
  }
  const info = backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filter.shape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outHeight: ho, outWidth: wo } = info;
  const [batch, h, w] = [info.batchSize, info.inHeight, info.inWidth];
  const cout = info.outChannels;
  return tidy(() => {
    let spread: Tensor4D = dy;
    if (sh > 1 || sw > 1) {
      // [B, Ho, 1, Wo, 1, C] padded to [B, Ho, sh, Wo, sw, C]: each entry followed by zeros.
      const expanded = reshape(dy, [batch, ho, 1, wo, 1, cout]);
      const padded = padTensor(expanded, [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ]);
      spread = slice(reshape(padded, [batch, ho * sh, wo * sw, cout]) as Tensor4D, [0, 0, 0, 0], [-1, (ho - 1) * sh + 1, (wo - 1) * sw + 1, -1]);
    }
    const top = fh - 1 - info.padInfo.top;
    const left = fw - 1 - info.padInfo.left;
    const bottom = h + fh - 1 - top - spread.shape[1];
    const right = w + fw - 1 - left - spread.shape[2];
    // Negative amounts crop (the forward pass never read those rows), positive ones pad with zeros.
    let input: Tensor4D = padTensor(spread, [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0],
    ]);
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      input = slice(input, [0, Math.max(0, -top), Math.max(0, -left), 0], [-1, h + fh - 1, w + fw - 1, -1]);
    }
    const rotated = transpose(reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return conv2d(input, rotated, 1, 'valid');
  });
}

const convolutionKernel = ({ inputs, backend: anyBackend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const backend = anyBackend as KernelBackend;
  const dyt = borrowTensor<Tensor4D>(backend, dy);
  const wt = borrowTensor<Tensor4D>(backend, filter);
  try {
    return toKernelOutput(backend, conv2dBackpropInputFromConvolution(dyt, wt, attrs as unknown as Conv2DBackpropInputAttrs));
  } finally {
    dyt.dispose();
    wt.dispose();
  }
};

/**
 * The input gradient of a stride-1 convolution as a forward one: dx = im2col(dy) · W', where W'
 * is W rotated by 180 degrees with its channel axes swapped (`W'[di, dj, co, ci] =
 * W[kh-1-di, kw-1-dj, ci, co]`) and dy is padded by kh-1-top (kw-1-left) before. Its product has
 * the long k (kh·kw·Cout) and the fused multiply-add kernel of the forward pass, where the NT
 * product of {@link simdKernel}'s general path has k = Cout (16 or 32 in our torsos) and
 * then scatters with col2im: Impala x1's 15 input gradients took 3.6 ms that way.
 */
function inputGradientAsConvolution(runtime: SimdHeap, dy: TensorInfo, filter: TensorInfo, info: ConvInfo, dx: number): void {
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
 * dx through the nonzero taps of a pruned filter (`sparse-conv-products.ts`), else dx =
 * col2im(dy · Wᵀ): an NT product of dy `[P, Cout]` with the filter read as `[kh·kw·Cin, Cout]`
 * gives the patch-matrix gradient `[P, kh·kw·Cin]`, which col2im adds back into the input's shape.
 */
function simdKernel(simd: SimdKernels, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const runtime = simd.runtime(args.backend as KernelBackend);
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    if (!runtime || attrs.dataFormat !== 'NHWC' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return fallback(args);
    const info = convInfo(attrs.inputShape, filter.shape, { ...attrs, dilations: 1 });
    const sparse = sparseConvInputGradient(args.backend as KernelBackend, runtime, dy, filter, info);
    if (sparse) return sparse;
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


/**
 * `Conv2DBackpropInput` on wasm (replaces the built-in naive kernel): with `simdKernels` an NT SIMD
 * GEMM + col2im (a forward convolution for stride 1), else (and where that does not apply) the
 * convolution above.
 */
export const conv2dBackpropInputKernel: KernelDefinition = {
  kernelName: Conv2DBackpropInput,
  group: 'training',
  wasm: ({ simd }) => (simd ? simdKernel(simd, convolutionKernel as unknown as KernelFunc) : (convolutionKernel as unknown as KernelFunc)),
};

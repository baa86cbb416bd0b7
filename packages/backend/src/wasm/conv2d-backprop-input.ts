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
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type Tensor4D,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { borrowTensor, toKernelOutput } from './tensor-output';

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

const kernelFunc = ({ inputs, backend: anyBackend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
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

/** Kernel registration for `Conv2DBackpropInput` on wasm (replaces the built-in naive kernel). */
export const conv2dBackpropInputWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: kernelFunc as unknown as KernelFunc,
};

import {
  backend_util,
  MaxPoolGrad,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { HeapBackend } from './heap-backend';

/**
 * Max-pool gradient for wasm. tfjs-backend-wasm 4.22's own kernel drops the gradient of windows
 * that reach into the bottom/right `same` padding (e.g. 3x3 stride 2 on a 7x7 input loses the last
 * row), which the Impala torso hits at every stage; this replaces it.
 *
 * Each output cell routes its upstream gradient to the first maximum of its window in row-major
 * scan order, as the cpu backend and TensorFlow do. One pass over the output in JS.
 */
const kernelFunc = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const wasm = backend as HeapBackend;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const x = wasm.readSync(input.dataId) as Float32Array;
  const g = wasm.readSync(dy.dataId) as Float32Array;
  const out = wasm.makeOutput([...input.shape], 'float32');
  const dx = wasm.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowStride = inWidth * channels;
  const imageStride = inHeight * rowStride;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * imageStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = oh * strideHeight - top;
      const rStart = Math.max(0, r0);
      const rEnd = Math.min(inHeight, r0 + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const c0 = ow * strideWidth - left;
        const cStart = Math.max(0, c0);
        const cEnd = Math.min(inWidth, c0 + filterWidth);
        for (let ch = 0; ch < channels; ch++, o++) {
          let best = -Infinity;
          let at = -1;
          for (let r = rStart; r < rEnd; r++) {
            const row = image + r * rowStride + ch;
            for (let c = cStart; c < cEnd; c++) {
              const v = x[row + c * channels]!;
              if (v > best || at < 0) {
                best = v;
                at = row + c * channels;
              }
            }
          }
          if (at >= 0) dx[at]! += g[o]!;
        }
      }
    }
  }
  return out;
};

/** Kernel registration for `MaxPoolGrad` on wasm (replaces the built-in one). */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: kernelFunc as unknown as KernelFunc,
};

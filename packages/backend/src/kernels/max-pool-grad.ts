import {
  backend_util,
  MaxPoolGrad,
  util,
  type KernelBackend,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import type { HeapBackend } from '../kernel-support/heap-backend';
import type { WasmBackendInternals } from '../simd/simd-heap';
import type { SimdKernels } from '../simd/simd-runtime';

/**
 * Max-pool gradient for wasm. tfjs-backend-wasm 4.22's own kernel drops the gradient of windows
 * that reach into the bottom/right `same` padding (e.g. 3x3 stride 2 on a 7x7 input loses the last
 * row), which the Impala torso hits at every stage; this replaces it.
 *
 * Each output cell routes its upstream gradient to the first maximum of its window in row-major
 * scan order, as the cpu backend and TensorFlow do. One pass over the output in JS.
 */
const jsKernel = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
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

/**
 * `MaxPoolGrad` on the generated kernel: each output cell's gradient goes to the first maximum of
 * its window (as the cpu backend routes it); `fallback` (the JavaScript loop) for other dtypes.
 */
function simdKernel(simd: SimdKernels, fallback: KernelFunc): KernelFunc {
  const kernelFunc = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const runtime = simd.runtime(args.backend as KernelBackend);
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    if (!runtime || dy.dtype !== 'float32' || input.dtype !== 'float32') return fallback(args) as TensorInfo;
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const out = (args.backend as WasmBackendInternals).makeOutput([...input.shape], 'float32');
    const dx = runtime.pointer(out);
    runtime.heap().fill(0, dx / 4, dx / 4 + util.sizeFromShape(input.shape));
    const geometry = runtime.writeInts([
      info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    ]);
    runtime.functions['max_pool_grad']!(runtime.pointer(input), runtime.pointer(dy), dx, geometry);
    return out;
  };
  return kernelFunc as unknown as KernelFunc;
}

/** `MaxPoolGrad` on wasm (replaces the built-in one): the generated kernel with `simdKernels`, else the JavaScript loop. */
export const maxPoolGradKernel: KernelDefinition = {
  kernelName: MaxPoolGrad,
  group: 'training',
  wasm: ({ simd }) => (simd ? simdKernel(simd, jsKernel as unknown as KernelFunc) : (jsKernel as unknown as KernelFunc)),
};

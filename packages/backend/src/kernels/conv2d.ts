import { Conv2D, type Conv2DAttrs, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { builtInKernelFunc, type KernelDefinition } from '../kernel-set/kernel-definition';
import { convInfo, forward, simdForward } from '../simd/conv-patches';
import type { SimdKernels } from '../simd/simd-runtime';

function simdConv2d(simd: SimdKernels, builtIn: KernelFunc): KernelFunc {
  return (args) => {
    const runtime = simd.runtime(args.backend as KernelBackend);
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DAttrs;
    if (!runtime || !simdForward(x.shape[0]!) || attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32' || filter.dtype !== 'float32') return builtIn(args);
    const info = convInfo(x.shape, filter.shape, attrs);
    return forward(args.backend as KernelBackend, runtime, x, filter, info, undefined, false);
  };
}

/**
 * `Conv2D` on wasm: from batch `SIMD_FORWARD_MIN_BATCH` (target networks) and under gradient
 * recording, `forward` (conv-patches.ts: a pruned filter's sparse walk, the implicit GEMM from 8
 * input channels, im2col + SIMD GEMM keeping the patch matrix for the filter gradient below);
 * smaller batches outside the tape (acting) the built-in XNNPACK convolution, whose packed filters
 * are cached and reused while weights stay.
 */
export const conv2dKernel: KernelDefinition = {
  kernelName: Conv2D,
  group: 'simd',
  delegatesToBuiltIn: true,
  wasm: (context) => simdConv2d(context.simd!, builtInKernelFunc(context, Conv2D)),
};

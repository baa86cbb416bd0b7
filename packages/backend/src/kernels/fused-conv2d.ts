import { FusedConv2D, util, type FusedConv2DAttrs, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { builtInKernelFunc, type KernelDefinition } from '../kernel-set/kernel-definition';
import { convInfo, forward, simdForward } from '../simd/conv-patches';
import type { SimdKernels } from '../simd/simd-runtime';

function simdFusedConv2d(simd: SimdKernels, builtIn: KernelFunc): KernelFunc {
  return (args) => {
    const runtime = simd.runtime(args.backend as KernelBackend);
    const { x, filter, bias, preluActivationWeights } = args.inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const attrs = args.attrs as unknown as FusedConv2DAttrs;
    const activationOk = attrs.activation === 'linear' || attrs.activation === 'relu';
    if (!runtime || !simdForward(x.shape[0]!) || !activationOk || preluActivationWeights != null || attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32' || filter.dtype !== 'float32') return builtIn(args);
    const info = convInfo(x.shape, filter.shape, attrs);
    if (bias && (bias.dtype !== 'float32' || util.sizeFromShape(bias.shape) !== info.outChannels)) return builtIn(args);
    return forward(args.backend as KernelBackend, runtime, x, filter, info, bias ?? undefined, attrs.activation === 'relu');
  };
}

/** `FusedConv2D` (bias, linear/ReLU) on wasm, chosen as for `Conv2D`; other activations use the built-in kernel. */
export const fusedConv2dKernel: KernelDefinition = {
  kernelName: FusedConv2D,
  group: 'simd',
  delegatesToBuiltIn: true,
  wasm: (context) => simdFusedConv2d(context.simd!, builtInKernelFunc(context, FusedConv2D)),
};

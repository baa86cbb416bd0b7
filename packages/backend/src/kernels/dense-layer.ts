import { _FusedMatMul, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { DENSE_LAYER_KERNEL, type LayerKernelAttrs } from '@prunerl/core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import { checkActivation, checkFloat, product2d, type KernelArgs } from '../kernel-support/layer-kernel-support';
import type { SimdKernels } from '../simd/simd-runtime';
import { sparseDenseForward } from '../simd/sparse-dense-products';

/**
 * {@link DENSE_LAYER_KERNEL} on `backendName`: the sparse product for pruned weights on wasm with
 * the SIMD kernels (see `sparse-dense-products.ts`), else the backend's `_FusedMatMul`.
 */
function denseLayer(backendName: 'wasm' | 'cpu', simd: SimdKernels | undefined): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs) => {
    const { x, kernel, bias } = inputs as { x: TensorInfo; kernel: TensorInfo; bias: TensorInfo };
    const { activation } = attrs as unknown as LayerKernelAttrs;
    checkFloat(DENSE_LAYER_KERNEL, { x, kernel, bias });
    checkActivation(DENSE_LAYER_KERNEL, activation);
    const [kIn, units] = kernel.shape as [number, number];
    if (x.shape.length !== 2 || kernel.shape.length !== 2 || x.shape[1] !== kIn || bias.shape.length !== 1 || bias.shape[0] !== units) {
      throw new Error(`${DENSE_LAYER_KERNEL}: shapes x [${x.shape}], kernel [${kernel.shape}], bias [${bias.shape}] do not make a dense layer (expected [B, in], [in, out], [out])`);
    }
    if (simd) {
      const sparse = sparseDenseForward(backend as KernelBackend, simd, x, kernel, bias, activation === 'relu');
      if (sparse) return sparse;
    }
    return product2d(_FusedMatMul, backendName, backend, x, kernel, { transposeA: false, transposeB: false, activation }, bias);
  }) as unknown as KernelFunc;
}

/**
 * `act(x W + b)` as one kernel (core's {@link DENSE_LAYER_KERNEL}; its gradient is
 * `gradients/dense-layer-grad.ts`), on wasm and cpu.
 */
export const denseLayerKernel: KernelDefinition = {
  kernelName: DENSE_LAYER_KERNEL,
  group: 'fused',
  wasm: ({ simd }) => denseLayer('wasm', simd),
  cpu: () => denseLayer('cpu', undefined),
};

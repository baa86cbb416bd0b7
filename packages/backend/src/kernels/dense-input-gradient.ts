import { BatchMatMul, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import { checkFloat, product2d, type KernelArgs } from '../kernel-support/layer-kernel-support';
import type { SimdKernels } from '../simd/simd-runtime';
import { sparseDenseInputGradient } from '../simd/sparse-dense-products';

/**
 * The input gradient of a dense layer, `g Wᵀ` (inputs `{ dy: g [B, out], kernel: W [in, out] }`):
 * registered on wasm, where pruned weights take the sparse product. A backend-internal kernel (only
 * this package's gradient runs it); elsewhere the gradient uses `matMul`.
 */
export const DENSE_INPUT_GRADIENT_KERNEL = 'PrunerlDenseInputGradient';

function denseInputGradientWasm(simd: SimdKernels | undefined): KernelFunc {
  return (({ inputs, backend }: KernelArgs) => {
    const { dy, kernel } = inputs as { dy: TensorInfo; kernel: TensorInfo };
    checkFloat(DENSE_INPUT_GRADIENT_KERNEL, { dy, kernel });
    if (dy.shape.length !== 2 || kernel.shape.length !== 2 || dy.shape[1] !== kernel.shape[1]) {
      throw new Error(`${DENSE_INPUT_GRADIENT_KERNEL}: dy [${dy.shape}] and kernel [${kernel.shape}] do not match (expected [B, out] and [in, out])`);
    }
    const sparse = simd ? sparseDenseInputGradient(backend as KernelBackend, simd, dy, kernel) : undefined;
    return sparse ?? product2d(BatchMatMul, 'wasm', backend, dy, kernel, { transposeA: false, transposeB: true });
  }) as unknown as KernelFunc;
}

/** {@link DENSE_INPUT_GRADIENT_KERNEL}, on wasm only. */
export const denseInputGradientKernel: KernelDefinition = {
  kernelName: DENSE_INPUT_GRADIENT_KERNEL,
  group: 'fused',
  wasm: ({ simd }) => denseInputGradientWasm(simd),
};

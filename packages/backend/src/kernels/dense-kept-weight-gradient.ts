import { BatchMatMul, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import { keepNonzero } from '../kernel-support/keep-nonzero';
import { checkFloat, product2d, type KernelArgs } from '../kernel-support/layer-kernel-support';
import type { SimdKernels } from '../simd/simd-runtime';
import { sparseDenseWeightGradient } from '../simd/sparse-dense-products';

/**
 * A dense layer's weight gradient `xᵀ g` at the nonzero weights of its kernel only, exact zeros
 * elsewhere (inputs `{ x: [B, in], dy: g [B, out], kernel: W [in, out] }`): core's `kept` weight
 * gradients. Pruned kernels take the sparse product (work proportional to the nonzero weights);
 * others the dense product with the zero weights' entries cleared. A backend-internal kernel, run
 * by this package's dense-layer gradient; where it is not registered the gradient masks `matMul`.
 */
export const DENSE_KEPT_WEIGHT_GRADIENT_KERNEL = 'PrunerlDenseKeptWeightGradient';

function denseKeptWeightGradient(simd: SimdKernels): KernelFunc {
  return (({ inputs, backend }: KernelArgs) => {
    const { x, dy, kernel } = inputs as { x: TensorInfo; dy: TensorInfo; kernel: TensorInfo };
    checkFloat(DENSE_KEPT_WEIGHT_GRADIENT_KERNEL, { x, dy, kernel });
    if (x.shape.length !== 2 || dy.shape.length !== 2 || kernel.shape.length !== 2 || x.shape[0] !== dy.shape[0] || x.shape[1] !== kernel.shape[0] || dy.shape[1] !== kernel.shape[1]) {
      throw new Error(`${DENSE_KEPT_WEIGHT_GRADIENT_KERNEL}: x [${x.shape}], dy [${dy.shape}] and kernel [${kernel.shape}] do not match (expected [B, in], [B, out], [in, out])`);
    }
    const sparse = sparseDenseWeightGradient(backend as KernelBackend, simd, x, dy, kernel);
    if (sparse) return sparse;
    const out = product2d(BatchMatMul, 'wasm', backend, x, dy, { transposeA: true, transposeB: false });
    keepNonzero(backend as KernelBackend, simd, out, kernel);
    return out;
  }) as unknown as KernelFunc;
}

/** {@link DENSE_KEPT_WEIGHT_GRADIENT_KERNEL}, on wasm with the SIMD kernels. */
export const denseKeptWeightGradientKernel: KernelDefinition = {
  kernelName: DENSE_KEPT_WEIGHT_GRADIENT_KERNEL,
  group: 'simd',
  wasm: ({ simd }) => denseKeptWeightGradient(simd!),
};

import { Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type KernelBackend, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';
import { keepNonzero } from '../kernel-support/keep-nonzero';
import { checkFloat, delegate, type KernelArgs } from '../kernel-support/layer-kernel-support';
import { convInfo } from '../simd/conv-patches';
import type { SimdKernels } from '../simd/simd-runtime';
import { sparseConvFilterGradient } from '../simd/sparse-conv-products';

/**
 * A convolution's filter gradient at the nonzero weights of its filter only, exact zeros
 * elsewhere (inputs `{ x, dy, filter }`, attrs those of `Conv2DBackpropFilter`): core's `kept`
 * weight gradients. Pruned filters take the sparse walk (`sparse-conv-products.ts`, work
 * proportional to the nonzero taps); others the registered `Conv2DBackpropFilter` with the zero
 * weights' entries cleared. A backend-internal kernel, run by this package's convolution-layer
 * gradient; where it is not registered the gradient masks `Conv2DBackpropFilter`.
 */
export const CONV2D_KEPT_FILTER_GRADIENT_KERNEL = 'PrunerlConv2DKeptFilterGradient';

function conv2dKeptFilterGradient(simd: SimdKernels): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs) => {
    const { x, dy, filter } = inputs as { x: TensorInfo; dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as Conv2DBackpropFilterAttrs;
    checkFloat(CONV2D_KEPT_FILTER_GRADIENT_KERNEL, { x, dy, filter });
    const runtime = simd.runtime(backend as KernelBackend);
    if (runtime && a.dataFormat === 'NHWC') {
      const sparse = sparseConvFilterGradient(backend as KernelBackend, runtime, x, dy, filter, convInfo(x.shape, filter.shape, { ...a, dilations: 1 }));
      if (sparse) return sparse;
    }
    const out = delegate(Conv2DBackpropFilter, 'wasm')({ inputs: { x, dy }, attrs: attrs as NamedAttrMap, backend }) as TensorInfo;
    keepNonzero(backend as KernelBackend, simd, out, filter);
    return out;
  }) as unknown as KernelFunc;
}

/** {@link CONV2D_KEPT_FILTER_GRADIENT_KERNEL}, on wasm with the SIMD kernels. */
export const conv2dKeptFilterGradientKernel: KernelDefinition = {
  kernelName: CONV2D_KEPT_FILTER_GRADIENT_KERNEL,
  group: 'simd',
  wasm: ({ simd }) => conv2dKeptFilterGradient(simd!),
};

import { Conv2DBackpropFilter, Conv2DBackpropInput, engine, sum, type GradConfig, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { CONV2D_LAYER_KERNEL, weightGradientMode, type Conv2DLayerKernelAttrs } from '@prunerl/core';
import { activationBackprop } from '../kernel-support/layer-kernel-support';
import { CONV2D_KEPT_FILTER_GRADIENT_KERNEL } from '../kernels/conv2d-kept-filter-gradient';
import { keptOnly } from './kept-only';

/**
 * Gradient of {@link CONV2D_LAYER_KERNEL}: the backend's convolution gradients of the masked
 * incoming gradient; under core's `kept` weight gradients the filter's at its nonzero weights only.
 */
export const conv2dLayerGradient: GradConfig = {
  kernelName: CONV2D_LAYER_KERNEL,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [Tensor, Tensor, Tensor];
    const { activation, strides, pad } = attrs as unknown as Conv2DLayerKernelAttrs;
    const g = activationBackprop(dy as Tensor, y, activation);
    const common = { strides, pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
    return {
      x: () => engine().runKernel(Conv2DBackpropInput, { dy: g, filter }, { ...common, inputShape: x.shape } as unknown as NamedAttrMap) as Tensor,
      filter: () => {
        const attrs = { ...common, filterShape: filter.shape } as unknown as NamedAttrMap;
        const dense = (): Tensor => engine().runKernel(Conv2DBackpropFilter, { x, dy: g }, attrs) as Tensor;
        return weightGradientMode() === 'kept' ? keptOnly(CONV2D_KEPT_FILTER_GRADIENT_KERNEL, { x, dy: g, filter }, attrs, filter, dense) : dense();
      },
      bias: () => sum(g, [0, 1, 2]),
    };
  },
};

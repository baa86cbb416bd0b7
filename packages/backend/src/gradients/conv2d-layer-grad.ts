import { Conv2DBackpropFilter, Conv2DBackpropInput, engine, sum, type GradConfig, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { CONV2D_LAYER_KERNEL, type Conv2DLayerKernelAttrs } from '@prunerl/core';
import { activationBackprop } from '../kernel-support/layer-kernel-support';

/** Gradient of {@link CONV2D_LAYER_KERNEL}: the backend's convolution gradients of the masked incoming gradient. */
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
      filter: () => engine().runKernel(Conv2DBackpropFilter, { x, dy: g }, { ...common, filterShape: filter.shape } as unknown as NamedAttrMap) as Tensor,
      bias: () => sum(g, [0, 1, 2]),
    };
  },
};

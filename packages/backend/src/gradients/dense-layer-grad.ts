import { engine, getBackend, getKernel, matMul, sum, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';
import { DENSE_LAYER_KERNEL, weightGradientMode, type LayerKernelAttrs } from '@prunerl/core';
import { activationBackprop } from '../kernel-support/layer-kernel-support';
import { DENSE_INPUT_GRADIENT_KERNEL } from '../kernels/dense-input-gradient';
import { DENSE_KEPT_WEIGHT_GRADIENT_KERNEL } from '../kernels/dense-kept-weight-gradient';
import { keptOnly } from './kept-only';

/**
 * Gradient of {@link DENSE_LAYER_KERNEL}: with g the masked incoming gradient, dx = g Wᵀ,
 * dW = xᵀ g, db = Σ_batch g. The tape asks only for the inputs on a path to what is
 * differentiated, so a network's input layer computes no dx. Under core's `kept` weight gradients
 * dW is computed at the nonzero weights only (zeros elsewhere).
 */
export const denseLayerGradient: GradConfig = {
  kernelName: DENSE_LAYER_KERNEL,
  inputsToSave: ['x', 'kernel'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, kernel, y] = saved as [Tensor, Tensor, Tensor];
    const g = activationBackprop(dy as Tensor, y, (attrs as unknown as LayerKernelAttrs).activation);
    return {
      x: () =>
        getKernel(DENSE_INPUT_GRADIENT_KERNEL, getBackend()) !== undefined
          ? (engine().runKernel(DENSE_INPUT_GRADIENT_KERNEL, { dy: g, kernel }) as Tensor)
          : matMul(g, kernel, false, true),
      kernel: () =>
        weightGradientMode() === 'kept'
          ? keptOnly(DENSE_KEPT_WEIGHT_GRADIENT_KERNEL, { x, dy: g, kernel }, {}, kernel, () => matMul(x, g, true, false))
          : matMul(x, g, true, false),
      bias: () => sum(g, 0),
    };
  },
};

import { engine, neg, type GradConfig, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { TD_LOSS_KERNEL } from '@prunerl/core';
import { TD_LOSS_GRADIENT_KERNEL } from '../kernels/td-loss-gradient';

/** Gradient of core's {@link TD_LOSS_KERNEL}, through {@link TD_LOSS_GRADIENT_KERNEL} (targets get its negation). */
export const tdLossGradient: GradConfig = {
  kernelName: TD_LOSS_KERNEL,
  inputsToSave: ['targets', 'predictions'],
  gradFunc: (dy, saved, attrs) => {
    const [targets, predictions] = saved as [Tensor, Tensor];
    const dPredictions = (): Tensor => engine().runKernel(TD_LOSS_GRADIENT_KERNEL, { dy: dy as Tensor, targets, predictions }, attrs as NamedAttrMap) as Tensor;
    return { predictions: dPredictions, targets: () => neg(dPredictions()) };
  },
};

import { engine, zerosLike, type GradConfig, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { SELECT_ACTION_VALUES_KERNEL } from '@prunerl/core';
import { SCATTER_ACTION_VALUES_KERNEL } from '../kernels/scatter-action-values';

/** Gradient of core's {@link SELECT_ACTION_VALUES_KERNEL}: the incoming gradient scattered back to the chosen actions. */
export const selectActionValuesGradient: GradConfig = {
  kernelName: SELECT_ACTION_VALUES_KERNEL,
  inputsToSave: ['actions'],
  gradFunc: (dy, saved, attrs) => {
    const [actions] = saved as [Tensor];
    return {
      values: () => engine().runKernel(SCATTER_ACTION_VALUES_KERNEL, { dy: dy as Tensor, actions }, attrs as NamedAttrMap) as Tensor,
      actions: () => zerosLike(actions),
    };
  },
};

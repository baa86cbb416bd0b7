import {
  CONV2D_LAYER_KERNEL,
  DENSE_LAYER_KERNEL,
  SELECT_ACTION_VALUES_KERNEL,
  TD_LOSS_KERNEL,
  type Conv2DLayerKernelAttrs,
  type LayerKernelAttrs,
  type TdLossKernelAttrs,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Test support for this package's kernel specs (not exported): calls of the kernels of core's
 * kernel names, as @prunerl/networks' `denseLayer`/`conv2dLayer` and @prunerl/agents'
 * `selectActionValues`/`elementwiseTdLoss` make them where the backend has the kernels.
 */
export function runDenseLayer(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, activation: LayerKernelAttrs['activation']): tf.Tensor2D {
  return tf.engine().runKernel(DENSE_LAYER_KERNEL, { x, kernel, bias }, { activation } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

export function runConv2dLayer(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, attrs: Conv2DLayerKernelAttrs): tf.Tensor4D {
  return tf.engine().runKernel(CONV2D_LAYER_KERNEL, { x, filter, bias }, { ...attrs } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

export function runSelectActionValues(values: tf.Tensor, actions: tf.Tensor1D): tf.Tensor {
  return tf.engine().runKernel(SELECT_ACTION_VALUES_KERNEL, { values, actions }, { numActions: values.shape[values.rank - 1]! }) as tf.Tensor;
}

export function runTdLoss(targets: tf.Tensor, predictions: tf.Tensor, attrs: TdLossKernelAttrs): tf.Tensor {
  return tf.engine().runKernel(TD_LOSS_KERNEL, { targets, predictions }, { ...attrs } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

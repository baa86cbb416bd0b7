import { CONV2D_LAYER_KERNEL, DENSE_LAYER_KERNEL, type Conv2DLayerKernelAttrs, type LayerKernelAttrs } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Dense and convolution layers through core's fused layer kernels (`DENSE_LAYER_KERNEL`,
 * `CONV2D_LAYER_KERNEL`) where the active backend registers them (@prunerl/backend does, on wasm
 * and cpu: one tape node per layer in training), else through tfjs's fused ops. Both paths compute
 * the same function.
 */

/** Whether the active backend has a kernel named `name` (the fused kernels are optional per backend). */
export function backendHasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/**
 * `act(x W + b)` through {@link DENSE_LAYER_KERNEL} where the backend has it, else `tf.fused.matMul`.
 */
export function denseLayer(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, activation: LayerKernelAttrs['activation']): tf.Tensor2D {
  if (backendHasKernel(DENSE_LAYER_KERNEL)) {
    return tf.engine().runKernel(DENSE_LAYER_KERNEL, { x, kernel, bias }, { activation } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
  }
  return tf.fused.matMul({ a: x, b: kernel, bias, activation }) as tf.Tensor2D;
}

/**
 * `act(conv2d(x, filter) + b)` through {@link CONV2D_LAYER_KERNEL} where the backend has it, else
 * `tf.fused.conv2d`.
 */
export function conv2dLayer(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, attrs: Conv2DLayerKernelAttrs): tf.Tensor4D {
  if (backendHasKernel(CONV2D_LAYER_KERNEL)) {
    return tf.engine().runKernel(CONV2D_LAYER_KERNEL, { x, filter, bias }, { ...attrs } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  return tf.fused.conv2d({ x, filter, strides: attrs.strides, pad: attrs.pad, bias, activation: attrs.activation });
}

import { engine, type KernelBackend, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Wraps a kernel input as a tensor so a kernel can be written with tfjs ops. The wrapper takes its
 * own reference on the buffer, so disposing it later never frees the caller's data.
 */
export function borrowTensor<T extends Tensor>(backend: KernelBackend, info: TensorInfo): T {
  backend.incRef(info.dataId);
  return engine().makeTensorFromTensorInfo(info) as T;
}

/**
 * Hands the data of a tensor computed inside a kernel to the engine as the kernel's output: the
 * backend keeps the buffer (one more reference), the temporary wrapper goes. This is the pattern
 * tfjs's own Reshape kernels use, and it keeps `tf.memory()` counts exact.
 */
export function toKernelOutput(backend: KernelBackend, tensor: Tensor): TensorInfo {
  backend.incRef(tensor.dataId);
  const info: TensorInfo = { dataId: tensor.dataId, shape: tensor.shape, dtype: tensor.dtype };
  tensor.dispose();
  return info;
}

import * as tf from '@tensorflow/tfjs-core';

/** Whether the active backend has a kernel named `name` (the fused kernels are optional per backend). */
export function backendHasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

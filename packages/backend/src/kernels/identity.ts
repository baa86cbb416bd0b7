import { Identity, type KernelBackend, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelDefinition } from '../kernel-set/kernel-definition';

/**
 * `Identity` on wasm that shares the input's buffer (one more reference) instead of copying it, as
 * the cpu and webgl backends do. Tensors are immutable (a variable's `assign` swaps buffers rather
 * than writing into one), so sharing is safe. It matters because the gradient tape saves every
 * input a gradient needs through `Identity`: tfjs-backend-wasm's copying kernel duplicated, in a
 * MinAtar DQN update, 26 tensors (the weights included) on every step.
 */
const kernelFunc = ({ inputs, backend }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { x } = inputs as { x: TensorInfo };
  (backend as KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};

/** The buffer-sharing `Identity` on wasm (replaces the copying one; part of the SIMD set). */
export const identityKernel: KernelDefinition = {
  kernelName: Identity,
  group: 'simd',
  wasm: () => kernelFunc as unknown as KernelFunc,
};

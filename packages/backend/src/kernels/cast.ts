import { Cast, type CastAttrs, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { withBuiltInFallback } from '../simd/elementwise';

/**
 * `Cast` on wasm: a cast to the tensor's own dtype shares its buffer (tensors are immutable), as
 * Identity does; other casts run the built-in kernel.
 */
export const castKernel = withBuiltInFallback(Cast, () => ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  if ((attrs as unknown as CastAttrs).dtype !== x.dtype || x.dtype === 'string') return undefined;
  (backend as KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
});

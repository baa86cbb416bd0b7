import { cast, engine, getBackend, getKernel, mul, notEqual, scalar, tidy, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';

/**
 * A weight gradient under core's `kept` weight gradients: the backend kernel `kernelName` where it
 * is registered (it computes the nonzero weights' entries only), else the dense gradient with the
 * zero weights' entries set to zero. Both give exact zeros where `weight` is zero.
 */
export function keptOnly(kernelName: string, inputs: Record<string, Tensor>, attrs: NamedAttrMap, weight: Tensor, dense: () => Tensor): Tensor {
  if (getKernel(kernelName, getBackend()) !== undefined) return engine().runKernel(kernelName, inputs, attrs) as Tensor;
  return tidy(() => mul(dense(), cast(notEqual(weight, scalar(0)), 'float32')));
}

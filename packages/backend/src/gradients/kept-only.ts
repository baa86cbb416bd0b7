import { engine, getBackend, getKernel, notEqual, scalar, tidy, where, zerosLike, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { markKeptWeightGradient } from '@prunerl/core';

/**
 * A weight gradient under core's `kept` weight gradients: the backend kernel `kernelName` where it
 * is registered (it computes the nonzero weights' entries only), else the dense gradient with the
 * zero weights' entries replaced by zeros. Both give exact (positive) zeros where `weight` is zero,
 * and the result is marked so (core's `markKeptWeightGradient`: pruners then know the optimiser
 * cannot have moved those weights).
 */
export function keptOnly(kernelName: string, inputs: Record<string, Tensor>, attrs: NamedAttrMap, weight: Tensor, dense: () => Tensor): Tensor {
  const kept =
    getKernel(kernelName, getBackend()) !== undefined
      ? (engine().runKernel(kernelName, inputs, attrs) as Tensor)
      : tidy(() => {
          const gradient = dense();
          return where(notEqual(weight, scalar(0)), gradient, zerosLike(gradient));
        });
  markKeptWeightGradient(kept);
  return kept;
}

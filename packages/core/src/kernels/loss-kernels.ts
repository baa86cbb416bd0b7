import * as tf from '@tensorflow/tfjs-core';
import { backendHasKernel } from './backend-has-kernel';

/**
 * Kernels of the TD losses: a contract between backends and agents, like the fused layer kernels.
 * Written with tfjs ops, `Q(s, a)` is a one-hot mask, a product and a sum (five kernels and four
 * more in its gradient) and a squared TD error three more each way; through these kernels each is
 * one kernel forward and one backward. Agents call {@link selectActionValues} and
 * {@link elementwiseTdLoss}, which fall back to the ops where a backend lacks the kernels.
 */

/**
 * `values[b, ..., actions[b]]`: inputs `{ values: float32 [B, ..., A], actions: int32 [B] }`, attrs
 * `{ numActions: A }` (which the gradient needs), output `[B, ...]` (the last axis indexed by each
 * row's action).
 */
export const SELECT_ACTION_VALUES_KERNEL = 'PrunerlSelectActionValues';

/** Elementwise TD loss: inputs `{ targets, predictions }` (float32, one shape), attrs {@link TdLossKernelAttrs}. */
export const TD_LOSS_KERNEL = 'PrunerlTdLoss';

/** Attributes of {@link TD_LOSS_KERNEL}. */
export interface TdLossKernelAttrs {
  /** `mse`: `(t - p)^2`; `huber`: `0.5 x^2` for `x = |t - p| <= delta`, else `0.5 delta^2 + delta (x - delta)`. */
  readonly kind: 'mse' | 'huber';
  readonly delta: number;
}

/**
 * `values` at each row's action along the last axis: `[B, A] -> [B]`, `[B, N, A] -> [B, N]`.
 * Through {@link SELECT_ACTION_VALUES_KERNEL} where the backend has it, else a one-hot product.
 */
export function selectActionValues(values: tf.Tensor, actions: tf.Tensor1D): tf.Tensor {
  if (backendHasKernel(SELECT_ACTION_VALUES_KERNEL)) {
    return tf.engine().runKernel(SELECT_ACTION_VALUES_KERNEL, { values, actions }, { numActions: values.shape[values.rank - 1]! }) as tf.Tensor;
  }
  return tf.tidy(() => {
    let mask: tf.Tensor = tf.oneHot(actions, values.shape[values.rank - 1]!);
    for (let axis = 1; axis < values.rank - 1; axis++) mask = tf.expandDims(mask, 1);
    return tf.sum(tf.mul(values, mask), -1);
  });
}

/**
 * The elementwise TD loss of {@link TdLossKernelAttrs} between `targets` and `predictions` (same
 * shape). Through {@link TD_LOSS_KERNEL} where the backend has it, else with ops: the Huber loss as
 * `0.5 q^2 + delta (x - q)` with `q = min(x, delta)`, the same function without a `where` (the
 * wasm backend has no `Select` kernel) and with the same gradient.
 */
export function elementwiseTdLoss(targets: tf.Tensor, predictions: tf.Tensor, attrs: TdLossKernelAttrs): tf.Tensor {
  if (backendHasKernel(TD_LOSS_KERNEL)) return tf.engine().runKernel(TD_LOSS_KERNEL, { targets, predictions }, { ...attrs } as unknown as tf.NamedAttrMap) as tf.Tensor;
  return tf.tidy(() => {
    const error = tf.sub(targets, predictions);
    if (attrs.kind === 'mse') return tf.square(error);
    const x = tf.abs(error);
    const quadratic = tf.minimum(x, attrs.delta);
    return tf.add(tf.mul(tf.square(quadratic), 0.5), tf.mul(tf.sub(x, quadratic), attrs.delta));
  });
}

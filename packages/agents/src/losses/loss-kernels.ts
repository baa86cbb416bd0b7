import { SELECT_ACTION_VALUES_KERNEL, TD_LOSS_KERNEL, type TdLossKernelAttrs } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * `Q(s, a)` and the elementwise TD losses through core's loss kernels (`SELECT_ACTION_VALUES_KERNEL`,
 * `TD_LOSS_KERNEL`) where the active backend registers them (@prunerl/backend does, on wasm and
 * cpu: one kernel each way), else through the tfjs ops they replace, with the same values and
 * gradients.
 */

function backendHasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
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

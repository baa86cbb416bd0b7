import { elementwiseTdLoss } from './loss-kernels';
import type * as tf from '@tensorflow/tfjs-core';

/** Elementwise TD losses of Dopamine's `losses.py`. */
export type TdLossKind = 'mse' | 'huber';

/**
 * Per-sample TD loss between `targets` and `predictions` (same shape):
 * - `mse`: `(target - prediction)^2`, with no 0.5 factor (Dopamine JAX's default, PAPER.md 1.1);
 * - `huber`: `0.5 x^2` if `x <= delta`, else `0.5 delta^2 + delta (x - delta)`, with
 *   `x = |target - prediction|`. Computed as `0.5 q^2 + delta (x - q)` with `q = min(x, delta)`,
 *   which is the same function without a `where` (the wasm backend has no `Select` kernel) and with
 *   the same gradient.
 *
 * One kernel each way where the backend registers core's `TD_LOSS_KERNEL` (`elementwiseTdLoss`).
 */
export function tdLoss(kind: TdLossKind, targets: tf.Tensor, predictions: tf.Tensor, delta = 1): tf.Tensor {
  return elementwiseTdLoss(targets, predictions, { kind, delta });
}

/**
 * Kernels of the TD losses: a contract between backends and agents, like the fused layer kernels
 * (names and attributes only). Written with tfjs ops, `Q(s, a)` is a one-hot mask, a product and
 * a sum (five kernels and four more in its gradient) and a squared TD error three more each way;
 * through these kernels each is one kernel forward and one backward. Agents call
 * @prunerl/agents' `selectActionValues` and `elementwiseTdLoss`, which fall back to the ops where a
 * backend lacks the kernels.
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

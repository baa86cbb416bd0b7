import * as tf from '@tensorflow/tfjs-core';

/**
 * IQN's quantile Huber loss (Dabney et al. 2018, equations 3 and 10; Dopamine JAX's
 * `implicit_quantile_agent.train`), per sample. With Bellman errors
 * `d[b, j, i] = targets[b, j] - predictions[b, i]` (target quantile `j` of N', predicted quantile `i`
 * of N at fraction `taus[b, i]`):
 *
 * `rho[b, j, i] = |taus[b, i] - 1{d < 0}| * huber_kappa(d) / kappa`, with
 * `huber_kappa(d) = 0.5 d^2` if `|d| <= kappa`, else `kappa (|d| - 0.5 kappa)`;
 *
 * `loss[b] = mean_j sum_i rho[b, j, i]` (sum over the predicted quantiles, mean over the targets).
 *
 * Shapes: `targets` `[B, N']` (no gradient is taken through them by the caller), `predictions` and
 * `taus` `[B, N]`; returns `[B]`. The Huber part is computed as `0.5 q^2 + kappa (|d| - q)` with
 * `q = min(|d|, kappa)`, the same function without a `where` (the wasm backend has no `Select`), and
 * the indicator as `step(-d)`, which carries no gradient as in the reference (`stop_gradient`).
 */
export function quantileHuberLoss(targets: tf.Tensor2D, predictions: tf.Tensor2D, taus: tf.Tensor2D, kappa = 1): tf.Tensor1D {
  return tf.tidy(() => {
    // [B, N', 1] - [B, 1, N] -> [B, N', N]
    const errors = tf.sub(tf.expandDims(targets, 2), tf.expandDims(predictions, 1));
    const absolute = tf.abs(errors);
    const quadratic = tf.minimum(absolute, kappa);
    const huber = tf.add(tf.mul(tf.square(quadratic), 0.5), tf.mul(tf.sub(absolute, quadratic), kappa));
    const below = tf.step(tf.neg(errors)); // 1 where d < 0, 0 where d >= 0
    const weight = tf.abs(tf.sub(tf.expandDims(taus, 1), below));
    const rho = tf.div(tf.mul(weight, huber), kappa);
    return tf.mean(tf.sum(rho, 2), 1) as tf.Tensor1D;
  });
}

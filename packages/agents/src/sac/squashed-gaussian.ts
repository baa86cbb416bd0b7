import * as tf from '@tensorflow/tfjs-core';

/** Bounds of the policy's log standard deviation (TF-Agents' `std_clip_transform`, SpinningUp's SAC). */
export const LOG_STD_MIN = -20;
export const LOG_STD_MAX = 2;

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** A tanh-squashed Gaussian's action and its log-probability. */
export interface SquashedSample {
  /** `tanh(u)` in (-1, 1), `[B, A]` (scale it to the action box outside). */
  readonly squashed: tf.Tensor2D;
  /** `log pi(a | s)` summed over the action's entries, `[B]`. */
  readonly logProb: tf.Tensor1D;
}

/**
 * The mean and clipped log standard deviation of a policy head's output `[B, 2A]`: the first `A`
 * columns are the means, the last `A` the log standard deviations, clipped to
 * [{@link LOG_STD_MIN}, {@link LOG_STD_MAX}].
 */
export function splitPolicyOutput(output: tf.Tensor2D): { readonly mean: tf.Tensor2D; readonly logStd: tf.Tensor2D } {
  const size = output.shape[1] / 2;
  const [mean, rawLogStd] = tf.split(output, [size, size], 1) as [tf.Tensor2D, tf.Tensor2D];
  return { mean, logStd: tf.clipByValue(rawLogStd, LOG_STD_MIN, LOG_STD_MAX) };
}

/**
 * A reparameterised draw from the tanh-squashed Gaussian policy of SAC (Haarnoja et al. 2018,
 * appendix C): `u = mean + exp(logStd) * noise`, `a = tanh(u)`, and
 *
 * `log pi(a|s) = sum_i [ log N(u_i; mean_i, std_i) - log(1 - tanh(u_i)^2) ] - sum_i log(scale_i)`
 *
 * with `log N(u; m, s) = -noise^2 / 2 - log s - log(2 pi) / 2` and the stable form
 * `log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u))` (SpinningUp's SAC). `logScale` is
 * `sum_i log(scale_i)` of the affine map from (-1, 1) onto the action box (the change of variables
 * of TF-Agents' squashing bijector); 0 leaves the actions in (-1, 1). `noise` is standard normal,
 * `[B, A]`, drawn by the caller (from its seeded stream). Differentiable in `mean` and `logStd`.
 */
export function squashedGaussian(mean: tf.Tensor2D, logStd: tf.Tensor2D, noise: tf.Tensor2D, logScale = 0): SquashedSample {
  return tf.tidy(() => {
    const u = tf.add(mean, tf.mul(tf.exp(logStd), noise));
    const gaussian = tf.sub(tf.sub(tf.mul(tf.square(noise), -0.5), logStd), HALF_LOG_TWO_PI);
    const logDetTanh = tf.mul(tf.sub(tf.sub(Math.log(2), u), tf.softplus(tf.mul(u, -2))), 2);
    const logProb = tf.sub(tf.sum(tf.sub(gaussian, logDetTanh), 1), logScale) as tf.Tensor1D;
    return { squashed: tf.tanh(u) as tf.Tensor2D, logProb };
  });
}

import * as tf from '@tensorflow/tfjs-core';

/**
 * Projects a batch of distributions (`supports`, `weights`), both `[B, N]`, onto the fixed, evenly
 * spaced `targetSupport` `[N]` (a plain array: it is a constant of the head) (C51, Bellemare et al. 2017, equation 7), as Dopamine's
 * `project_distribution`:
 *
 * `out[b, i] = sum_j clip(1 - |clip(supports[b, j], vMin, vMax) - z_i| / dz, 0, 1) * weights[b, j]`
 *
 * with `vMin = z_0`, `vMax = z_{N-1}`, `dz = (vMax - vMin) / (N - 1)`. Returns `[B, N]`; mass is
 * preserved, and an atom that falls between two support points is split between them in proportion
 * to its distance.
 */
export function projectDistribution(supports: tf.Tensor2D, weights: tf.Tensor2D, targetSupport: Float32Array): tf.Tensor2D {
  return tf.tidy(() => {
    const n = targetSupport.length;
    const vMin = targetSupport[0]!;
    const vMax = targetSupport[n - 1]!;
    const deltaZ = (vMax - vMin) / (n - 1);
    const clipped = tf.clipByValue(supports, vMin, vMax);
    // [B, 1, N_j] - [1, N_i, 1] -> [B, N_i, N_j]
    const distance = tf.abs(tf.sub(tf.expandDims(clipped, 1), tf.tensor3d(targetSupport, [1, n, 1])));
    const share = tf.clipByValue(tf.sub(1, tf.div(distance, deltaZ)), 0, 1);
    return tf.sum(tf.mul(share, tf.expandDims(weights, 1)), 2) as tf.Tensor2D;
  });
}

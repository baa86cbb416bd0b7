import { ShapeError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The normalised activation score of every neuron of one layer (Sokar et al. 2023, Def. 3.1; PAPER.md
 * 4.4): for a batch D of post-activation outputs h,
 *
 *   s_i = E_{x in D} |h_i(x)| / ((1/H) sum_k E_{x in D} |h_k(x)|),
 *
 * where the last axis indexes neurons (a conv feature map is one neuron: its |h| is averaged over the
 * batch and spatial axes). As Dopamine's `estimate_neuron_score`, the denominator is the layer mean
 * plus 1e-9, so a layer that is silent everywhere scores 0 for every neuron. Neuron i is tau-dormant
 * when s_i <= tau.
 */
export function dormantScores(activation: tf.Tensor): Float32Array {
  if (activation.rank < 2) {
    throw new ShapeError({ field: 'dormantScores(activation)', value: activation.shape, expected: 'a batch of activations [batch, ..., neurons]' });
  }
  const scores = tf.tidy(() => {
    const axes = Array.from({ length: activation.rank - 1 }, (_, i) => i);
    const mean = tf.mean(tf.abs(tf.cast(activation, 'float32')), axes);
    return tf.div(mean, tf.add(tf.mean(mean), tf.scalar(1e-9)));
  });
  try {
    return Float32Array.from(scores.dataSync() as Float32Array);
  } finally {
    scores.dispose();
  }
}

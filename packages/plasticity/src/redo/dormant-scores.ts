import { normalizedNeuronScores, ShapeError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The normalised activation score of every neuron of one layer (Sokar et al. 2023, Def. 3.1; PAPER.md
 * 4.4): for a batch D of post-activation outputs h, `s_i = E_{x in D} |h_i(x)| / ((1/H) sum_k
 * E_{x in D} |h_k(x)| + 1e-9)`, where the last axis indexes neurons (a conv feature map is one
 * neuron: its |h| is averaged over the batch and spatial axes). The mean activities are reduced
 * here with tfjs; the formula is core's `normalizedNeuronScores`, the one evaluation's dormant-neuron
 * diagnostics use too, so ReDo recycles exactly the neurons the diagnostics count as dormant.
 * Neuron i is tau-dormant when s_i <= tau.
 */
export function dormantScores(activation: tf.Tensor): Float32Array {
  if (activation.rank < 2) {
    throw new ShapeError({ field: 'dormantScores(activation)', value: activation.shape, expected: 'a batch of activations [batch, ..., neurons]' });
  }
  const meanActivity = tf.tidy(() => {
    const axes = Array.from({ length: activation.rank - 1 }, (_, i) => i);
    return tf.mean(tf.abs(tf.cast(activation, 'float32')), axes);
  });
  try {
    return Float32Array.from(normalizedNeuronScores(meanActivity.dataSync() as Float32Array));
  } finally {
    meanActivity.dispose();
  }
}

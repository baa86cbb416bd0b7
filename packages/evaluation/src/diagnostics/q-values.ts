import type { QNetwork } from '@prunerl/core';
import { ConfigError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** Number of quantile fractions used to turn an IQN head's output into Q values. */
export const QUANTILE_PROBE_TAUS = 32;

/**
 * The Q values `[B, numActions]` of `network` on `observations`, whatever its head:
 * `q` / `dueling` heads return them directly; a `c51` head's expectation `sum_z softmax(logits) z`
 * over its support; a `quantile` (IQN) head's mean over 32 evenly spaced fractions
 * `tau_i = (i + 0.5) / 32` (deterministic, unlike IQN's sampled acting fractions). NoisyNet heads are
 * evaluated with their mean weights (`noise: false`). The caller disposes the result.
 */
export function qValues(network: QNetwork, observations: tf.Tensor): tf.Tensor2D {
  const kind = network.head.kind;
  return tf.tidy(() => {
    if (kind === 'q' || kind === 'dueling') {
      return network.apply(observations, { noise: false }) as tf.Tensor2D;
    }
    if (kind === 'c51') {
      const support = network.head.support;
      if (!support) throw new ConfigError({ field: 'network.head.support', value: support, expected: 'the C51 support z_1..z_N' });
      const logits = network.apply(observations, { noise: false });
      const probs = tf.softmax(logits, -1);
      return tf.sum(tf.mul(probs, tf.tensor1d(support)), -1) as tf.Tensor2D;
    }
    if (kind === 'quantile') {
      const batch = observations.shape[0]!;
      const fractions = Float32Array.from({ length: QUANTILE_PROBE_TAUS }, (_, i) => (i + 0.5) / QUANTILE_PROBE_TAUS);
      const taus = tf.tile(tf.tensor2d(fractions, [1, QUANTILE_PROBE_TAUS]), [batch, 1]);
      return tf.mean(network.apply(observations, { taus, noise: false }), 1) as tf.Tensor2D;
    }
    throw new ConfigError({ field: 'network.head.kind', value: kind, expected: 'one of "q", "dueling", "c51", "quantile"', hint: 'Compute Q values yourself and use qValueStatisticsOf.' });
  });
}

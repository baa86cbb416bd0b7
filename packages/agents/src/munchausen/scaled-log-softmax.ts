import * as tf from '@tensorflow/tfjs-core';

/**
 * `temperature * log softmax(q / temperature)` over the last axis, computed stably as Munchausen RL's
 * `stable_scaled_log_softmax`: `q - (m + temperature * log sum exp((q - m) / temperature))` with
 * `m = max q`. This is the log-policy term `tau ln pi(a|s)` of M-DQN/M-IQN (Vieillard et al. 2020)
 * for the softmax policy `pi = softmax(q / tau)`. Built from `exp`, `log` and sums (the wasm
 * backend has no `LogSoftmax` kernel).
 */
export function scaledLogSoftmax(q: tf.Tensor, temperature: number): tf.Tensor {
  return tf.tidy(() => {
    const axis = q.rank - 1;
    const max = tf.max(q, axis, true);
    const sumExp = tf.sum(tf.exp(tf.div(tf.sub(q, max), temperature)), axis, true);
    return tf.sub(q, tf.add(max, tf.mul(tf.log(sumExp), temperature)));
  });
}


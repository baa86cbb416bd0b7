import * as tf from '@tensorflow/tfjs-core';

/** `softmax(q / temperature)` over the last axis, with the max subtracted first (`stable_softmax`). */
export function temperatureSoftmax(q: tf.Tensor, temperature: number): tf.Tensor {
  return tf.tidy(() => {
    const axis = q.rank - 1;
    const e = tf.exp(tf.div(tf.sub(q, tf.max(q, axis, true)), temperature));
    return tf.div(e, tf.sum(e, axis, true));
  });
}

import { initBackend } from '@prunerl/backend';
import { tdLoss } from '@prunerl/agents';
import * as tf from '@tensorflow/tfjs-core';
await initBackend({ name: 'wasm' });
const t = tf.tensor1d([3, 0.2, -2, 0.5]);
for (const kind of ['huber', 'mse'] as const) {
  const g = tf.grad((p: tf.Tensor) => tf.sum(tdLoss(kind, t, p, 1)))(tf.tensor1d([0, 0, 0, 1]));
  console.log(kind, 'value', tdLoss(kind, t, tf.tensor1d([0, 0, 0, 1]), 1).arraySync(), 'grad', g.arraySync());
}

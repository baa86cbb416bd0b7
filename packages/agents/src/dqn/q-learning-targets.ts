import type { QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { BatchTensors } from '../agent/value-agent';
import { selectActionValues } from '../losses/loss-kernels';

/**
 * Q-learning TD targets `r + discount * max_a' Q_target(s', a')` with the n-step reward and discount
 * of the replay batch (Dopamine's `target_q_op` / `full_rainbow_agent.target_output` for scalar
 * heads); with `double`, `r + discount * Q_target(s', argmax_a' Q_online(s', a'))` (van Hasselt et
 * al. 2016). Call inside a tidy, outside the gradient tape. Shared by DQN and CQL.
 */
export function qLearningTargets(online: QNetwork, target: QNetwork, batch: BatchTensors, double: boolean): tf.Tensor1D {
  const next = target.apply(batch.nextObservations, { noise: true }) as tf.Tensor2D;
  let value: tf.Tensor1D;
  if (double) {
    const choice = tf.argMax(online.apply(batch.nextObservations, { noise: true }), 1);
    value = selectActionValues(next, choice as tf.Tensor1D) as tf.Tensor1D;
  } else {
    value = tf.max(next, 1);
  }
  return tf.add(batch.rewards, tf.mul(batch.discounts, value));
}

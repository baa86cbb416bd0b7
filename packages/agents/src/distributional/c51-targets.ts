import type { QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { BatchTensors } from '../agent/value-agent';
import { projectDistribution } from './project-distribution';

/** A C51 head's support, as a plain array (for the projection) and as a kept tensor (for expectations). */
export interface C51Support {
  readonly values: Float32Array;
  /** `[N]`, owned by the agent. */
  readonly tensor: tf.Tensor1D;
}

/** Expected values `sum_i p_i z_i` per action: `[B, A, N]` probabilities -> `[B, A]` (the mean Q values). */
export function expectedValues(probabilities: tf.Tensor, support: C51Support): tf.Tensor2D {
  return tf.sum(tf.mul(probabilities, support.tensor), 2) as tf.Tensor2D;
}

/**
 * The C51 target distributions `[B, N]` (Dopamine's `full_rainbow_agent.target_output` with
 * `distributional=True`): the next state's distribution under the target network for the greedy
 * action by mean Q value (greedy under the online network with `double`), shifted to
 * `r + discount * z` and projected back onto the support ({@link projectDistribution}). Call inside
 * a tidy, outside the gradient tape. Shared by Rainbow and CQL+C51.
 */
export function c51Targets(online: QNetwork, target: QNetwork, batch: BatchTensors, support: C51Support, numActions: number, double: boolean): tf.Tensor2D {
  const probabilities = tf.softmax(target.apply(batch.nextObservations, { noise: true })) as tf.Tensor3D;
  const selector = double ? (tf.softmax(online.apply(batch.nextObservations, { noise: true })) as tf.Tensor3D) : probabilities;
  const choice = tf.oneHot(tf.argMax(expectedValues(selector, support), 1), numActions);
  const next = tf.sum(tf.mul(probabilities, tf.expandDims(choice, 2)), 1) as tf.Tensor2D;
  const shifted = tf.add(tf.expandDims(batch.rewards, 1), tf.mul(tf.expandDims(batch.discounts, 1), tf.expandDims(support.tensor, 0)));
  return projectDistribution(shifted as tf.Tensor2D, next, support.values);
}

/**
 * Per-sample C51 loss `[B]`: the cross-entropy of the taken action's distribution
 * (`softmax(logits[b, a_b])`) against the target distribution (Dopamine's
 * `softmax_cross_entropy_loss_with_logits`). `logits` are `[B, A, N]`, `targets` `[B, N]`.
 */
export function c51CrossEntropy(logits: tf.Tensor, actions: tf.Tensor1D, targets: tf.Tensor, numActions: number): tf.Tensor1D {
  const chosen = tf.sum(tf.mul(logits, tf.expandDims(tf.oneHot(actions, numActions), 2)), 1);
  return tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(chosen)), 1)) as tf.Tensor1D;
}

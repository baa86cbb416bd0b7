import type { QNetwork } from '@prunerl/core';
import { ShapeError } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import { qValues } from './q-values';

/** Statistics of the Q values on a batch (PAPER.md 4.6; the paper names them but never defines them). */
export interface QValueStatistics {
  /** QNorm: batch mean of the L2 norm of Q(s, .) over actions. */
  readonly qNorm: number;
  /** QVariance: for each action the (population) variance of Q(s, a) over the batch, averaged over actions. */
  readonly qVariance: number;
  /** Per state the variance of Q(s, .) over actions, averaged over the batch. */
  readonly qVarianceAcrossActions: number;
  /** Mean Q value over the batch and actions. */
  readonly qMean: number;
  /** Batch mean of max_a Q(s, a). */
  readonly qMaxMean: number;
}

/**
 * {@link QValueStatistics} of `network` on `observations` (Q values from {@link qValues}, so any head
 * works). Computed in float64 from the downloaded `[B, A]` values.
 */
export function qValueStatistics(network: QNetwork, observations: tf.Tensor): QValueStatistics {
  const q = qValues(network, observations);
  try {
    const [batch, actions] = q.shape;
    return qValueStatisticsOf(q.dataSync(), batch, actions);
  } finally {
    q.dispose();
  }
}

/** {@link QValueStatistics} of row-major Q values `[batch, actions]`. */
export function qValueStatisticsOf(values: ArrayLike<number>, batch: number, actions: number): QValueStatistics {
  if (values.length !== batch * actions || batch < 1 || actions < 1) {
    throw new ShapeError({ field: 'qValueStatisticsOf(values)', value: values.length, expected: `batch * actions = ${batch} * ${actions} values` });
  }
  let normSum = 0;
  let varianceAcrossActions = 0;
  let maxSum = 0;
  let total = 0;
  const actionMeans = new Float64Array(actions);
  for (let b = 0; b < batch; b++) {
    let squares = 0;
    let sum = 0;
    let max = -Infinity;
    for (let a = 0; a < actions; a++) {
      const v = values[b * actions + a]!;
      squares += v * v;
      sum += v;
      if (v > max) max = v;
      actionMeans[a]! += v / batch;
    }
    const mean = sum / actions;
    let variance = 0;
    for (let a = 0; a < actions; a++) variance += (values[b * actions + a]! - mean) ** 2;
    varianceAcrossActions += variance / actions;
    normSum += Math.sqrt(squares);
    maxSum += max;
    total += sum;
  }
  let varianceAcrossStates = 0;
  for (let a = 0; a < actions; a++) {
    let variance = 0;
    for (let b = 0; b < batch; b++) variance += (values[b * actions + a]! - actionMeans[a]!) ** 2;
    varianceAcrossStates += variance / batch;
  }
  return {
    qNorm: normSum / batch,
    qVariance: varianceAcrossStates / actions,
    qVarianceAcrossActions: varianceAcrossActions / batch,
    qMean: total / (batch * actions),
    qMaxMean: maxSum / batch,
  };
}

import type { Batch } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A `[B, ...observationShape]` tensor of a batch's observations (or next observations): float
 * arrays become float32, integer arrays (uint8 frames, MinAtar booleans) int32, which networks scale
 * as they do for the agent. The caller disposes it.
 */
export function batchObservations(batch: Batch, which: 'observations' | 'nextObservations' = 'observations'): tf.Tensor {
  const values = batch[which];
  const shape = [batch.batchSize, ...batch.observationShape];
  if (values instanceof Float32Array || values instanceof Float64Array) return tf.tensor(Float32Array.from(values), shape, 'float32');
  return tf.tensor(Int32Array.from(values as ArrayLike<number>), shape, 'int32');
}

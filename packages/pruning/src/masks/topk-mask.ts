import { ConfigError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { keepCount } from './keep-count';
import { topkMaskArray } from './topk-mask-array';

/**
 * The float32 mask (same shape as `scores`) that keeps the `keepCount(size, sparsity)` highest
 * scores: JaxPruner's `topk_mask_calculator`. Ties at the threshold are broken by flat index, lower
 * indices kept, so the mask has exactly the requested number of ones even when many scores are
 * equal (e.g. all zero). A sparsity of 0 keeps everything.
 *
 * The scores are read back once and the mask is computed in JavaScript by {@link topkMaskArray}
 * (a radix select, O(n), no sorting): on wasm this beats `tf.topk` plus elementwise comparisons,
 * whose bool/int casts cost more than the selection itself. The caller owns the returned tensor;
 * `scores` is not disposed.
 *
 * Scores must not be NaN (a NaN would rank above +Infinity).
 */
export function topkMask(scores: tf.Tensor, sparsity: number): tf.Tensor {
  if (!(sparsity >= 0 && sparsity <= 1)) {
    throw new ConfigError({ field: 'topkMask(sparsity)', value: sparsity, expected: 'a number in [0, 1]' });
  }
  return topkMaskKeeping(scores, keepCount(scores.size, sparsity));
}

/**
 * Like {@link topkMask}, but given the number of entries to keep (clamped to [0, size]). Used where
 * an exact count matters more than a sparsity (dynamic sparse training keeps each layer's count).
 */
export function topkMaskKeeping(scores: tf.Tensor, keep: number): tf.Tensor {
  const size = scores.size;
  if (keep >= size) return tf.ones(scores.shape, 'float32');
  if (keep <= 0) return tf.zeros(scores.shape, 'float32');
  const values = scores.dtype === 'float32' ? (scores.dataSync() as Float32Array) : Float32Array.from(scores.dataSync() as ArrayLike<number>);
  return tf.tensor(topkMaskArray(values, keep), scores.shape, 'float32');
}

import { ConfigError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { keepCount } from './keep-count';

/**
 * The float32 mask (same shape as `scores`) that keeps the `keepCount(size, sparsity)` highest
 * scores: JaxPruner's `topk_mask_calculator`. Ties at the threshold are broken by flat index, lower
 * indices kept, so the mask has exactly the requested number of ones even when many scores are
 * equal (e.g. all zero). A sparsity of 0 keeps everything.
 *
 * Cost on wasm: one `topk` (of the smaller side: the kept or the dropped entries, whichever is
 * fewer), a few elementwise passes and one small read-back (two counts). No sorting. The caller owns
 * the returned tensor; `scores` is not disposed.
 *
 * Scores must not be NaN (a NaN never compares as kept or dropped).
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
  return tf.tidy(() => {
    const flat = tf.reshape(tf.cast(scores, 'float32'), [size]);
    const threshold = kthLargest(flat, keep);
    const above = tf.greater(flat, threshold);
    const atThreshold = tf.equal(flat, threshold);
    const counts = tf.stack([tf.sum(tf.cast(above, 'int32')), tf.sum(tf.cast(atThreshold, 'int32'))]).dataSync();
    const needed = keep - (counts[0] as number);
    let mask: tf.Tensor;
    if (needed === counts[1]) {
      // No tie straddles the threshold (the usual case with float weights): one comparison suffices.
      mask = tf.logicalOr(above, atThreshold);
    } else {
      // Keep only the first `needed` entries equal to the threshold, by flat index.
      const rank = tf.cumsum(tf.cast(atThreshold, 'int32'));
      mask = tf.logicalOr(above, tf.logicalAnd(atThreshold, tf.lessEqual(rank, tf.scalar(needed, 'int32'))));
    }
    return tf.reshape(tf.cast(mask, 'float32'), scores.shape);
  });
}

/** The `keep`-th largest value of a 1-D tensor, as a scalar tensor (1 <= keep < size). */
function kthLargest(flat: tf.Tensor, keep: number): tf.Tensor {
  const size = flat.size;
  const dropped = size - keep;
  if (keep <= dropped + 1) {
    return tf.min(tf.topk(flat as tf.Tensor1D, keep, false).values);
  }
  // The keep-th largest is the (dropped + 1)-th smallest: select the smaller side.
  return tf.neg(tf.min(tf.topk(tf.neg(flat) as tf.Tensor1D, dropped + 1, false).values));
}

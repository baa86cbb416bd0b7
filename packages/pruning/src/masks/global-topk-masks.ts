import * as tf from '@tensorflow/tfjs-core';
import { keepCount } from './keep-count';
import { topkMaskArray } from './topk-mask-array';

/**
 * Masks for several tensors ranked together (one threshold across all of them), as JaxPruner's
 * `GlobalPruningMixin.create_masks` does: the scores are flattened and concatenated in name order,
 * one top-k mask keeping `keepCount(total, sparsity)` entries is computed over the concatenation
 * (ties broken by position in it), and the result is cut back into per-tensor masks.
 *
 * With `normalize`, each tensor's scores are first divided by their L2 norm (+1e-8), JaxPruner's
 * default for `global_magnitude`; without it the threshold is a plain magnitude threshold.
 * The caller owns the returned masks; the scores are not disposed.
 */
export function globalTopkMasks(
  scores: ReadonlyMap<string, tf.Tensor>,
  sparsity: number,
  options: { readonly normalize?: boolean } = {},
): Map<string, tf.Tensor> {
  const names = [...scores.keys()].sort();
  const total = names.reduce((a, name) => a + scores.get(name)!.size, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const name of names) {
    const values = scores.get(name)!.dataSync() as ArrayLike<number>;
    if (options.normalize) {
      let sumSquares = 0;
      for (let i = 0; i < values.length; i++) sumSquares += values[i]! * values[i]!;
      const scale = 1 / (Math.sqrt(sumSquares) + 1e-8);
      for (let i = 0; i < values.length; i++) all[offset + i] = values[i]! * scale;
    } else {
      all.set(values, offset);
    }
    offset += values.length;
  }
  const flat = topkMaskArray(all, keepCount(total, sparsity));
  const masks = new Map<string, tf.Tensor>();
  offset = 0;
  for (const name of names) {
    const score = scores.get(name)!;
    masks.set(name, tf.tensor(flat.subarray(offset, offset + score.size), score.shape, 'float32'));
    offset += score.size;
  }
  return masks;
}

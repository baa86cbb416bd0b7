import * as tf from '@tensorflow/tfjs-core';
import { topkMask } from './topk-mask';

/**
 * Masks for several tensors ranked together (one threshold across all of them), as JaxPruner's
 * `GlobalPruningMixin.create_masks` does: the scores are flattened and concatenated in name order,
 * one top-k mask is computed over the concatenation (ties broken by position in it), and the result
 * is cut back into per-tensor masks.
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
  if (names.length === 0) return new Map();
  const flatMask = tf.tidy(() => {
    const parts = names.map((name) => {
      const s = tf.reshape(tf.cast(scores.get(name)!, 'float32'), [-1]);
      return options.normalize ? tf.div(s, tf.add(tf.norm(s), 1e-8)) : s;
    });
    return topkMask(parts.length === 1 ? parts[0]! : tf.concat(parts), sparsity);
  });
  const masks = new Map<string, tf.Tensor>();
  let offset = 0;
  tf.tidy(() => {
    for (const name of names) {
      const score = scores.get(name)!;
      const mask = tf.reshape(tf.slice(flatMask, [offset], [score.size]), score.shape);
      offset += score.size;
      masks.set(name, tf.keep(mask));
    }
  });
  flatMask.dispose();
  return masks;
}

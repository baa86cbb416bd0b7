import type { QNetwork } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';

/** What {@link countPrunedWeights} found. */
export interface PrunedWeightCount {
  /** Network prefixes that had at least one mask. */
  readonly prefixes: readonly string[];
  /** Weights whose mask entry is 0. */
  readonly pruned: number;
  /** Of those, weights that are not exactly zero (a mask that does not hold). */
  readonly nonzeroPruned: number;
}

/**
 * Checks that masks hold: for each `[network, prefix]`, the weights whose mask (the pruner's
 * `masks()`, keyed `<prefix>/<parameter name>`) is 0, and how many of them are not exactly zero.
 */
export function countPrunedWeights(masks: ReadonlyMap<string, tf.Tensor>, networks: readonly (readonly [QNetwork, string])[]): PrunedWeightCount {
  const prefixes = new Set<string>();
  let pruned = 0;
  let nonzeroPruned = 0;
  for (const [network, prefix] of networks) {
    for (const p of network.parameters()) {
      const mask = masks.get(`${prefix}/${p.name}`);
      if (!mask) continue;
      prefixes.add(prefix);
      const values = p.variable.dataSync();
      mask.dataSync().forEach((keep, i) => {
        if (keep !== 0) return;
        pruned++;
        if (values[i] !== 0) nonzeroPruned++;
      });
    }
  }
  return { prefixes: [...prefixes], pruned, nonzeroPruned };
}

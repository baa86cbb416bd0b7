import type { LayerSparsity, Parameter, SparsityReport } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** What {@link measureSparsity} needs besides the weights: the targets to report next to them. */
export interface SparsityTargets {
  /** The overall scheduled target. */
  readonly overall: number;
  /** Each prunable tensor's current target, by name. */
  readonly layers: ReadonlyMap<string, number>;
}

/**
 * Counts exactly-zero weights: per prunable tensor, over all prunable tensors (`overall`) and over
 * every parameter, biases included (`total`, JaxPruner's `summarize_sparsity`). One read-back for
 * all counts. With no parameters yet, every count is 0 and the sparsities are 0.
 */
export function measureSparsity(parameters: readonly Parameter[], prunable: readonly Parameter[], targets: SparsityTargets): SparsityReport {
  const all = parameters.length > 0 ? parameters : prunable;
  const counts = all.length === 0 ? new Int32Array(0) : tf.tidy(() => tf.stack(all.map((p) => tf.sum(tf.cast(tf.notEqual(p.variable, 0), 'int32')))).dataSync() as Int32Array);
  const nonzeroOf = new Map(all.map((p, i) => [p.name, counts[i] as number]));
  const layers: LayerSparsity[] = prunable.map((p) => {
    const size = p.variable.size;
    const nonzero = nonzeroOf.get(p.name) ?? size;
    return { name: p.name, size, nonzero, sparsity: size === 0 ? 0 : 1 - nonzero / size, target: targets.layers.get(p.name) ?? 0 };
  });
  const size = layers.reduce((a, l) => a + l.size, 0);
  const nonzero = layers.reduce((a, l) => a + l.nonzero, 0);
  const totalSize = all.reduce((a, p) => a + p.variable.size, 0);
  const totalNonzero = all.reduce((a, p) => a + (nonzeroOf.get(p.name) ?? 0), 0);
  return {
    overall: size === 0 ? 0 : 1 - nonzero / size,
    target: targets.overall,
    total: totalSize === 0 ? 0 : 1 - totalNonzero / totalSize,
    nonzero,
    size,
    layers,
  };
}

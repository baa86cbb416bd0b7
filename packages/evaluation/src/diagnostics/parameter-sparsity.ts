import type { Parameter } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** Exact-zero counts of one parameter tensor. */
export interface ParameterSparsityEntry {
  readonly name: string;
  readonly layer: string;
  readonly size: number;
  readonly nonzero: number;
  /** `1 - nonzero / size`. */
  readonly sparsity: number;
  /** True for tensors of rank > 1 (JaxPruner's prunable filter: kernels, never biases). */
  readonly prunable: boolean;
}

/** Sparsity of a network (PAPER.md 4.8). */
export interface ParameterSparsity {
  /** Over prunable (rank > 1) tensors: the sparsity a pruner targets. */
  readonly prunable: number;
  /** Over every parameter, biases included (JaxPruner's `summarize_sparsity`). */
  readonly total: number;
  readonly nonzero: number;
  readonly size: number;
  readonly parameters: readonly ParameterSparsityEntry[];
}

/**
 * Measured sparsity of `parameters`: the fraction of entries that are exactly zero, per tensor, over
 * prunable tensors, and over everything. Works for any network, pruned by any pruner (it reads the
 * weights, not masks).
 */
export function parameterSparsity(parameters: readonly Parameter[]): ParameterSparsity {
  let size = 0;
  let nonzero = 0;
  let prunableSize = 0;
  let prunableNonzero = 0;
  const entries = parameters.map((p) => {
    const n = p.variable.size;
    const nz = tf.tidy(() => tf.sum(tf.cast(tf.notEqual(p.variable, 0), 'int32')).dataSync()[0]!);
    const prunable = p.variable.rank > 1;
    size += n;
    nonzero += nz;
    if (prunable) {
      prunableSize += n;
      prunableNonzero += nz;
    }
    return { name: p.name, layer: p.layer, size: n, nonzero: nz, sparsity: n === 0 ? 0 : 1 - nz / n, prunable };
  });
  return {
    prunable: prunableSize === 0 ? 0 : 1 - prunableNonzero / prunableSize,
    total: size === 0 ? 0 : 1 - nonzero / size,
    nonzero,
    size,
    parameters: entries,
  };
}

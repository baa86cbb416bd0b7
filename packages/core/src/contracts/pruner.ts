import type { Tensor } from '@tensorflow/tfjs-core';
import type { UpdateHook } from './update-hook';

/** Sparsity of one pruned tensor. */
export interface LayerSparsity {
  readonly name: string;
  /** Number of entries. */
  readonly size: number;
  /** Entries that are not exactly zero. */
  readonly nonzero: number;
  /** `1 - nonzero / size`, measured on the weights. */
  readonly sparsity: number;
  /** The tensor's current scheduled target. */
  readonly target: number;
}

/** What a pruner reports. */
export interface SparsityReport {
  /** Sparsity over all prunable tensors together (measured). */
  readonly overall: number;
  /** The schedule's current overall target. */
  readonly target: number;
  /** Sparsity over every parameter, biases included (JaxPruner's `summarize_sparsity`). */
  readonly total: number;
  readonly nonzero: number;
  readonly size: number;
  readonly layers: readonly LayerSparsity[];
}

/**
 * A pruner is an {@link UpdateHook} that keeps binary masks over prunable parameters: on its
 * schedule it recomputes them (before an update, from the weights the gradient was taken at), and
 * after every update it multiplies the weights by them so pruned weights stay exactly zero (and the
 * target network, which copies the online weights, inherits the zeros).
 */
export interface Pruner extends UpdateHook {
  /** Current masks by parameter name (1 keeps, 0 prunes). Owned by the pruner. */
  masks(): ReadonlyMap<string, Tensor>;
  sparsity(): SparsityReport;
}

/** DI token of {@link Pruner}. */
export const Pruner = Symbol.for('@prunerl/core/Pruner');

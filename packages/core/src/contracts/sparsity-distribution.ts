/** A prunable tensor as a distribution sees it. */
export interface PrunableTensorInfo {
  readonly name: string;
  readonly shape: readonly number[];
}

/**
 * Spreads an overall target sparsity over prunable tensors (uniform, ERK, ...). A distribution that
 * instead ranks all tensors together (global magnitude) sets `global` and returns the same target
 * for every tensor; the pruner then uses one threshold across them.
 */
export interface SparsityDistribution {
  readonly kind: string;
  /** Whether the pruner should rank every prunable weight together. */
  readonly global: boolean;
  /** Per-tensor sparsity in [0, 1] by tensor name. */
  allocate(tensors: readonly PrunableTensorInfo[], targetSparsity: number): Map<string, number>;
}

/** DI token of {@link SparsityDistribution}. */
export const SparsityDistribution = Symbol.for('@prunerl/core/SparsityDistribution');

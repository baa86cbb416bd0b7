import { checkBoolean, checkFraction, checkKnownKeys, type PrunableTensorInfo, type SparsityDistribution } from '@prunerl/core';

/** Options of {@link GlobalDistribution}. */
export interface GlobalDistributionOptions {
  /**
   * Divide each tensor's scores by their L2 norm before ranking, as JaxPruner's `global_magnitude`
   * does by default. Default `false`: one plain magnitude threshold across all layers.
   */
  readonly normalize?: boolean;
}

/**
 * Global ranking: all prunable weights compete for one threshold, so layers end at whatever sparsity
 * the ranking gives them (`global: true` tells the pruner to rank them together). `allocate` returns
 * the overall target for every tensor, which pruners report as each layer's target.
 */
export class GlobalDistribution implements SparsityDistribution {
  readonly kind = 'global';
  readonly global = true;
  readonly normalize: boolean;

  constructor(options: GlobalDistributionOptions = {}) {
    checkKnownKeys('GlobalDistribution options', options, ['normalize']);
    this.normalize = checkBoolean('GlobalDistribution.normalize', options.normalize ?? false);
  }

  allocate(tensors: readonly PrunableTensorInfo[], targetSparsity: number): Map<string, number> {
    checkFraction('global(sparsity)', targetSparsity);
    return new Map(tensors.map(({ name }) => [name, targetSparsity]));
  }
}

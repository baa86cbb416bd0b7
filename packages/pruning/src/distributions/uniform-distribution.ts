import { checkFraction, checkKnownKeys, type PrunableTensorInfo, type SparsityDistribution } from '@prunerl/core';

/** Options of {@link UniformDistribution}. */
export interface UniformDistributionOptions {
  /** Tensors with a fixed sparsity instead of the target (JaxPruner's `custom_sparsity_map`). */
  readonly custom?: Readonly<Record<string, number>>;
}

/** Every prunable tensor gets the target sparsity (JaxPruner's `uniform`). */
export class UniformDistribution implements SparsityDistribution {
  readonly kind = 'uniform';
  readonly global = false;
  private readonly custom: Readonly<Record<string, number>>;

  constructor(options: UniformDistributionOptions = {}) {
    checkKnownKeys('UniformDistribution options', options, ['custom']);
    this.custom = options.custom ?? {};
    for (const [name, value] of Object.entries(this.custom)) checkFraction(`UniformDistribution.custom.${name}`, value);
  }

  allocate(tensors: readonly PrunableTensorInfo[], targetSparsity: number): Map<string, number> {
    checkFraction('uniform(sparsity)', targetSparsity);
    return new Map(tensors.map(({ name }) => [name, Object.hasOwn(this.custom, name) ? this.custom[name]! : targetSparsity]));
  }
}

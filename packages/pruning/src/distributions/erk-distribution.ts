import { checkKnownKeys, type PrunableTensorInfo, type SparsityDistribution } from '@prunerl/core';
import { erkSparsities, type ErkOptions } from './erk-sparsities';

/**
 * Erdos-Renyi-Kernel allocation (JaxPruner's `erk`, the paper's reference config): see
 * {@link erkSparsities}. At 95% on the Impala ResNet it leaves the Q head dense and prunes the large
 * convolutions and the dense layer hardest (PAPER.md section 2.4).
 *
 * @example
 * ```ts
 * new ErkDistribution().allocate([{ name: 'a', shape: [512, 18] }, { name: 'b', shape: [3, 3, 32, 32] }], 0.9);
 * ```
 */
export class ErkDistribution implements SparsityDistribution {
  readonly kind = 'erk';
  readonly global = false;

  constructor(private readonly options: ErkOptions = {}) {
    checkKnownKeys('ErkDistribution options', options, ['custom', 'powerScale']);
  }

  allocate(tensors: readonly PrunableTensorInfo[], targetSparsity: number): Map<string, number> {
    return erkSparsities(tensors, targetSparsity, this.options);
  }
}

import { checkFraction, checkKnownKeys, checkOneOf, resolveRng, type Criterion, type Parameter, type SeedOptions, type SparsityDistribution, type UpdateContext, type WeightGradients } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import { MagnitudeCriterion } from '../criteria/magnitude-criterion';
import { RandomCriterion } from '../criteria/random-criterion';
import { resolveDistribution, type DistributionSpec } from '../distributions/resolve-distribution';
import { computeMasks } from '../masks/compute-masks';
import type { SparsityTargets } from '../reporting/measure-sparsity';
import type { PrunableSelection } from '../selection/select-prunable';
import { allocateLayers } from './layer-allocation';
import { MaskedPruner } from './masked-pruner';

/** Options of {@link StaticSparsePruner}. */
export interface StaticSparsePrunerOptions extends SeedOptions {
  /** Overall sparsity from the start. Default 0.95. */
  readonly sparsity?: number;
  /** How it spreads over layers. Default `erk`. */
  readonly distribution?: DistributionSpec;
  /** `random` (JaxPruner's static sparse training, default) or `magnitude` of the initial weights. */
  readonly init?: 'random' | 'magnitude';
  readonly prunable?: PrunableSelection;
  /** Mask gradients. Default `true` (JaxPruner's `StaticRandomSparse`). */
  readonly sparseGradients?: boolean;
  /** Default `static-sparse`. */
  readonly name?: string;
}

/**
 * Static sparse training (JaxPruner's `StaticRandomSparse`): a mask drawn once at initialisation,
 * at the full target with the chosen distribution (random scores by default), applied to the
 * weights before the first update and never changed. Gradients are masked too.
 */
export class StaticSparsePruner extends MaskedPruner {
  readonly distribution: SparsityDistribution;
  readonly sparsityTarget: number;
  private readonly criterion: Criterion;
  private allocation = new Map<string, number>();

  constructor(options: StaticSparsePrunerOptions = {}) {
    const name = options.name ?? 'static-sparse';
    checkKnownKeys(`${name} options`, options, ['sparsity', 'distribution', 'init', 'prunable', 'sparseGradients', 'name', 'rng', 'seed']);
    super({ name, ...(options.prunable ? { prunable: options.prunable } : {}), sparseGradients: options.sparseGradients ?? true });
    this.sparsityTarget = checkFraction(`${name}.sparsity`, options.sparsity ?? 0.95);
    this.distribution = resolveDistribution(options.distribution ?? 'erk', `${name}.distribution`);
    const init = checkOneOf(`${name}.init`, options.init ?? 'random', ['random', 'magnitude'] as const);
    this.criterion = init === 'random' ? new RandomCriterion({ rng: resolveRng(options, name, 'pruning').split('init') }) : new MagnitudeCriterion();
  }

  protected override prepare(_context: UpdateContext, prunable: readonly Parameter[]): void {
    this.allocation = allocateLayers(this.distribution, prunable, this.sparsityTarget, this.name);
  }

  protected override initialMasks(context: UpdateContext, prunable: readonly Parameter[]): Map<string, tf.Tensor> {
    return computeMasks(prunable, {
      criterion: this.criterion,
      step: context.step,
      sparsities: this.allocation,
      ...(this.distribution.global ? { global: { sparsity: this.sparsityTarget, normalize: (this.distribution as { normalize?: boolean }).normalize === true } } : {}),
    });
  }

  /** `kept`: the mask is set once, at the first update, and never changes. */
  protected override gradientNeeds(): WeightGradients {
    return 'kept';
  }

  protected override targets(): SparsityTargets {
    return { overall: this.sparsityTarget, layers: this.allocation };
  }
}

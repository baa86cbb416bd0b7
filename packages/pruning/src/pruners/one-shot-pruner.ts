import { checkKnownKeys, ConfigError, resolveRng, type SeedOptions } from '@prunerl/core';
import { resolveCriterion, type CriterionSpec } from '../criteria/resolve-criterion';
import { resolveDistribution, type DistributionSpec } from '../distributions/resolve-distribution';
import { OneShotSchedule } from '../schedules/one-shot-schedule';
import type { PrunableSelection } from '../selection/select-prunable';
import { ScheduledPruner } from './scheduled-pruner';

/** Options of {@link OneShotPruner}. */
export interface OneShotPrunerOptions extends SeedOptions {
  /** Overall sparsity pruned to. Default 0.95. */
  readonly sparsity?: number;
  /** The update before which to prune; or use `atFraction`. */
  readonly step?: number;
  /** When to prune, as a fraction of `totalUpdates`. Default 0.2 (where gradual pruning starts). */
  readonly atFraction?: number;
  /** Default `erk`. */
  readonly distribution?: DistributionSpec;
  /** Default `magnitude`. */
  readonly criterion?: CriterionSpec;
  readonly prunable?: PrunableSelection;
  readonly totalUpdates?: number;
  readonly sparseGradients?: boolean;
  /** Default `one-shot`. */
  readonly name?: string;
}

/**
 * Prunes once, straight to the target, then keeps the mask fixed (JaxPruner's choice when start ==
 * end). The default moment, 20% of training, is where gradual pruning would start [I]; give `step`
 * or `atFraction` to move it.
 */
export class OneShotPruner extends ScheduledPruner {
  constructor(options: OneShotPrunerOptions = {}) {
    const name = options.name ?? 'one-shot';
    checkKnownKeys(`${name} options`, options, ['sparsity', 'step', 'atFraction', 'distribution', 'criterion', 'prunable', 'totalUpdates', 'sparseGradients', 'name', 'rng', 'seed']);
    if (options.step !== undefined && options.atFraction !== undefined) {
      throw new ConfigError({ field: `${name}.atFraction`, value: options.atFraction, expected: 'nothing when step is given' });
    }
    const sparsity = options.sparsity ?? 0.95;
    super({
      name,
      schedule:
        options.step !== undefined
          ? new OneShotSchedule({ sparsity, step: options.step })
          : OneShotSchedule.overTraining({ sparsity, atFraction: options.atFraction ?? 0.2 }),
      distribution: resolveDistribution(options.distribution ?? 'erk', `${name}.distribution`),
      criterion: resolveCriterion(options.criterion ?? 'magnitude', `${name}.criterion`, resolveRng(options, name, 'pruning')),
      ...(options.prunable ? { prunable: options.prunable } : {}),
      ...(options.totalUpdates !== undefined ? { totalUpdates: options.totalUpdates } : {}),
      sparseGradients: options.sparseGradients ?? false,
    });
  }
}

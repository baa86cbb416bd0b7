import { checkKnownKeys, ConfigError, resolveRng, type SeedOptions, type SparsitySchedule } from '@prunerl/core';
import { resolveCriterion, type CriterionSpec } from '../criteria/resolve-criterion';
import { resolveDistribution, type DistributionSpec } from '../distributions/resolve-distribution';
import { PolynomialSchedule } from '../schedules/polynomial-schedule';
import type { TrainingSchedule } from '../schedules/training-schedule';
import type { PrunableSelection } from '../selection/select-prunable';
import { ScheduledPruner } from './scheduled-pruner';

/** Options of {@link GradualMagnitudePruner} (and {@link RandomPruner}). */
export interface GradualMagnitudePrunerOptions extends SeedOptions {
  /** Final overall sparsity s_F. Default 0.95 (the paper's). */
  readonly sparsity?: number;
  /** Sparsity the curve starts from. Default 0. */
  readonly initialSparsity?: number;
  /** First pruning update; give with `endStep`, or use fractions. */
  readonly startStep?: number;
  /** Last pruning update (the target is exact here). */
  readonly endStep?: number;
  /** Start as a fraction of `totalUpdates`. Default 0.2. */
  readonly startFraction?: number;
  /** End as a fraction of `totalUpdates`. Default 0.8. */
  readonly endFraction?: number;
  /** Updates between mask updates. Default 1,000. */
  readonly updateFrequency?: number;
  /** Exponent of equation 1. Default 3. */
  readonly power?: number;
  /** A complete schedule instead of the options above. */
  readonly schedule?: SparsitySchedule | TrainingSchedule;
  /** Default `erk` (JaxPruner's DQN config). */
  readonly distribution?: DistributionSpec;
  /** Default `magnitude` (`random` for {@link RandomPruner}). */
  readonly criterion?: CriterionSpec;
  readonly prunable?: PrunableSelection;
  /** Total gradient updates of the run; default `UpdateContext.totalUpdates`. */
  readonly totalUpdates?: number;
  /** Mask gradients as well. Default `false` (the reference feeds Adam full gradients). */
  readonly sparseGradients?: boolean;
  /** Hook name. Default `gmp` (`random` for {@link RandomPruner}). */
  readonly name?: string;
}

const KEYS = [
  'sparsity', 'initialSparsity', 'startStep', 'endStep', 'startFraction', 'endFraction', 'updateFrequency', 'power',
  'schedule', 'distribution', 'criterion', 'prunable', 'totalUpdates', 'sparseGradients', 'name', 'rng', 'seed',
] as const;
const SCHEDULE_KEYS = ['sparsity', 'initialSparsity', 'startStep', 'endStep', 'startFraction', 'endFraction', 'updateFrequency', 'power'] as const;

/** Builds the polynomial schedule a gradual pruner's options describe. */
export function gradualSchedule(options: GradualMagnitudePrunerOptions, owner: string): SparsitySchedule | TrainingSchedule {
  if (options.schedule !== undefined) {
    const clash = SCHEDULE_KEYS.find((k) => options[k] !== undefined);
    if (clash) {
      throw new ConfigError({ field: `${owner}.${clash}`, value: options[clash], expected: 'nothing when a schedule is given (the schedule carries it)' });
    }
    return options.schedule;
  }
  const common = {
    finalSparsity: options.sparsity ?? 0.95,
    initialSparsity: options.initialSparsity ?? 0,
    updateFrequency: options.updateFrequency ?? 1000,
    power: options.power ?? 3,
  };
  const { startStep, endStep } = options;
  if (startStep !== undefined || endStep !== undefined) {
    if (startStep === undefined || endStep === undefined) {
      throw new ConfigError({ field: `${owner}.${startStep === undefined ? 'startStep' : 'endStep'}`, value: undefined, expected: 'a step: give startStep and endStep together' });
    }
    if (options.startFraction !== undefined || options.endFraction !== undefined) {
      throw new ConfigError({ field: `${owner}.startFraction`, value: options.startFraction ?? options.endFraction, expected: 'nothing when startStep/endStep are given' });
    }
    return new PolynomialSchedule({ ...common, startStep, endStep });
  }
  return PolynomialSchedule.overTraining({ ...common, startFraction: options.startFraction ?? 0.2, endFraction: options.endFraction ?? 0.8 });
}

/** Turns gradual-pruner options into {@link ScheduledPruner} options. */
export function gradualParts(options: GradualMagnitudePrunerOptions, defaults: { name: string; criterion: CriterionSpec }) {
  const name = options.name ?? defaults.name;
  checkKnownKeys(`${name} options`, options, KEYS);
  return {
    name,
    schedule: gradualSchedule(options, name),
    distribution: resolveDistribution(options.distribution ?? 'erk', `${name}.distribution`),
    criterion: resolveCriterion(options.criterion ?? defaults.criterion, `${name}.criterion`, resolveRng(options, name, 'pruning')),
    ...(options.prunable ? { prunable: options.prunable } : {}),
    ...(options.totalUpdates !== undefined ? { totalUpdates: options.totalUpdates } : {}),
    sparseGradients: options.sparseGradients ?? false,
  };
}

/**
 * The paper's method: gradual magnitude pruning (Zhu & Gupta 2017) as JaxPruner runs it for DQN.
 * Defaults: magnitude criterion, ERK distribution, 95% final sparsity, polynomial schedule (power 3)
 * from 20% to 80% of training, masks recomputed every 1,000 updates (and at the end step), full
 * gradients to the optimiser, weights re-masked after every update (skipped where provably a no-op:
 * see `MaskedPruner.afterUpdate`).
 *
 * Start and end default to fractions of the run: the total comes from `totalUpdates` or, on first
 * use, from `UpdateContext.totalUpdates`; if neither is known a {@link ConfigError} says so (give
 * `startStep`/`endStep` instead).
 *
 * @example
 * ```ts
 * const pruner = new GradualMagnitudePruner({ sparsity: 0.95, totalUpdates: 2_500_000 });
 * // or with explicit steps, as in JaxPruner's dqn.gin:
 * const gin = new GradualMagnitudePruner({ sparsity: 0.95, startStep: 500_000, endStep: 2_000_000, updateFrequency: 1000 });
 * // attach to any agent: new DQNAgent({ ..., hooks: [pruner] })
 * ```
 */
export class GradualMagnitudePruner extends ScheduledPruner {
  constructor(options: GradualMagnitudePrunerOptions = {}) {
    super(gradualParts(options, { name: 'gmp', criterion: 'magnitude' }));
  }
}

import { checkFraction, checkKnownKeys, checkNonNegativeInteger, type SparsitySchedule } from '@prunerl/core';
import { stepAtFraction, type TrainingSchedule } from './training-schedule';

/** Options of {@link OneShotSchedule}. */
export interface OneShotScheduleOptions {
  /** The overall sparsity pruned to at `step`. */
  readonly sparsity: number;
  /** The one update before which masks are computed. */
  readonly step: number;
}

/**
 * Prunes once, to the full target, before update `step` (JaxPruner's `OneShotSchedule`, chosen there
 * when start == end). The reference reports the target at every step; this one reports 0 before
 * `step`, which changes only what is logged, since masks are all ones until then.
 */
export class OneShotSchedule implements SparsitySchedule {
  readonly kind = 'one-shot';
  readonly sparsity: number;
  readonly step: number;

  constructor(options: OneShotScheduleOptions) {
    checkKnownKeys('OneShotSchedule options', options, ['sparsity', 'step']);
    this.sparsity = checkFraction('OneShotSchedule.sparsity', options.sparsity);
    this.step = checkNonNegativeInteger('OneShotSchedule.step', options.step);
  }

  /** A {@link TrainingSchedule} pruning at `atFraction` of the run. */
  static overTraining(options: { readonly sparsity: number; readonly atFraction: number }): TrainingSchedule {
    checkKnownKeys('OneShotSchedule.overTraining options', options, ['sparsity', 'atFraction']);
    const sparsity = checkFraction('OneShotSchedule.overTraining.sparsity', options.sparsity);
    const atFraction = checkFraction('OneShotSchedule.overTraining.atFraction', options.atFraction);
    return {
      kind: 'one-shot',
      finalSparsity: sparsity,
      resolve: (totalUpdates: number) => new OneShotSchedule({ sparsity, step: stepAtFraction(atFraction, totalUpdates) }),
    };
  }

  get finalSparsity(): number {
    return this.sparsity;
  }

  sparsityAt(step: number): number {
    return step < this.step ? 0 : this.sparsity;
  }

  isUpdateStep(step: number): boolean {
    return step === this.step;
  }
}

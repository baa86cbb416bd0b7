import { checkFraction, checkKnownKeys, checkNonNegativeInteger, checkPositiveInteger, ConfigError, type SparsitySchedule } from '@prunerl/core';
import { stepAtFraction, type TrainingSchedule } from './training-schedule';

/** Options of {@link ConstantSchedule}. */
export interface ConstantScheduleOptions {
  /** The overall sparsity at every step. */
  readonly sparsity: number;
  /** Updates between mask updates; omit for masks that never change after initialisation. */
  readonly updateFrequency?: number;
  /** First update that may update masks. Default 0. */
  readonly startStep?: number;
  /** Last update that may update masks. Default: no end. */
  readonly endStep?: number;
}

/** Options of {@link ConstantSchedule.overTraining}. */
export interface ConstantOverTrainingOptions extends Omit<ConstantScheduleOptions, 'startStep' | 'endStep'> {
  /** Default 0. */
  readonly startFraction?: number;
  /** Default 0.8 (JaxPruner's dynamic sparse training stops at its pruning end step). */
  readonly endFraction?: number;
}

/**
 * A constant sparsity target with optional periodic mask updates: the schedule of static sparse
 * training (no updates) and of dynamic sparse training (SET, RigL), whose masks change on JaxPruner's
 * periodic test (`step % updateFrequency == 0` and `startStep <= step <= endStep`) while the sparsity
 * stays the same.
 */
export class ConstantSchedule implements SparsitySchedule {
  readonly kind = 'constant';
  readonly sparsity: number;
  readonly updateFrequency: number | undefined;
  readonly startStep: number;
  readonly endStep: number | undefined;

  constructor(options: ConstantScheduleOptions) {
    checkKnownKeys('ConstantSchedule options', options, ['sparsity', 'updateFrequency', 'startStep', 'endStep']);
    this.sparsity = checkFraction('ConstantSchedule.sparsity', options.sparsity);
    this.updateFrequency = options.updateFrequency === undefined ? undefined : checkPositiveInteger('ConstantSchedule.updateFrequency', options.updateFrequency);
    this.startStep = checkNonNegativeInteger('ConstantSchedule.startStep', options.startStep ?? 0);
    this.endStep = options.endStep === undefined ? undefined : checkNonNegativeInteger('ConstantSchedule.endStep', options.endStep);
    if (this.endStep !== undefined && this.endStep < this.startStep) {
      throw new ConfigError({ field: 'ConstantSchedule.endStep', value: this.endStep, expected: `an integer >= startStep (${this.startStep})` });
    }
  }

  /** A {@link TrainingSchedule} whose update window is given as fractions of the run. */
  static overTraining(options: ConstantOverTrainingOptions): TrainingSchedule {
    checkKnownKeys('ConstantSchedule.overTraining options', options, ['sparsity', 'updateFrequency', 'startFraction', 'endFraction']);
    const { startFraction = 0, endFraction = 0.8, ...rest } = options;
    checkFraction('ConstantSchedule.overTraining.startFraction', startFraction);
    checkFraction('ConstantSchedule.overTraining.endFraction', endFraction);
    const probe = new ConstantSchedule(rest);
    return {
      kind: 'constant',
      finalSparsity: probe.sparsity,
      resolve: (totalUpdates: number) =>
        new ConstantSchedule({ ...rest, startStep: stepAtFraction(startFraction, totalUpdates), endStep: stepAtFraction(endFraction, totalUpdates) }),
    };
  }

  get finalSparsity(): number {
    return this.sparsity;
  }

  sparsityAt(): number {
    return this.sparsity;
  }

  isUpdateStep(step: number): boolean {
    if (this.updateFrequency === undefined || step < this.startStep) return false;
    if (this.endStep !== undefined && step > this.endStep) return false;
    return step % this.updateFrequency === 0;
  }
}

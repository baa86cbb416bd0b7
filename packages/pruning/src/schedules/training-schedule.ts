import { ConfigError, type SparsitySchedule } from '@prunerl/core';

/**
 * A schedule whose start and end are fractions of training (e.g. 20% and 80% of all gradient
 * updates, the paper's default), turned into a step-based {@link SparsitySchedule} once the run's
 * total number of updates is known. Pruners accept either kind and resolve this one on first use,
 * from their `totalUpdates` option or `UpdateContext.totalUpdates`.
 */
export interface TrainingSchedule {
  readonly kind: string;
  /** The overall sparsity reached at the end (the distribution allocates it over layers). */
  readonly finalSparsity: number;
  /** The step-based schedule for a run of `totalUpdates` gradient updates. */
  resolve(totalUpdates: number): SparsitySchedule;
}

/** Whether `value` is a {@link TrainingSchedule} (it has `resolve`) rather than a step schedule. */
export function isTrainingSchedule(value: SparsitySchedule | TrainingSchedule): value is TrainingSchedule {
  return typeof (value as Partial<TrainingSchedule>).resolve === 'function';
}

/**
 * Returns `schedule` itself, or resolves a {@link TrainingSchedule} against `totalUpdates`. A
 * fractional schedule with no known total is a {@link ConfigError} naming `owner`: the pruner cannot
 * place 20%/80% of an unknown budget, so either the agent reports `totalUpdates`, the pruner is given
 * `totalUpdates`, or the schedule is given explicit steps.
 */
export function resolveSchedule(
  schedule: SparsitySchedule | TrainingSchedule,
  totalUpdates: number | undefined,
  owner: string,
): SparsitySchedule {
  if (!isTrainingSchedule(schedule)) return schedule;
  if (totalUpdates === undefined || !Number.isSafeInteger(totalUpdates) || totalUpdates < 1) {
    throw new ConfigError({
      field: `${owner}.totalUpdates`,
      value: totalUpdates,
      expected: `a positive integer: the ${schedule.kind} schedule is expressed as fractions of the run's gradient updates`,
      hint: 'Pass totalUpdates to the pruner, let the agent report UpdateContext.totalUpdates, or give explicit startStep/endStep.',
    });
  }
  return schedule.resolve(totalUpdates);
}

/**
 * The overall sparsity a schedule ends at: its `finalSparsity` when it has one (every schedule of
 * this package does), else its value at the largest safe step.
 */
export function finalSparsityOf(schedule: SparsitySchedule | TrainingSchedule): number {
  const declared = (schedule as { readonly finalSparsity?: unknown }).finalSparsity;
  if (typeof declared === 'number') return declared;
  return (schedule as SparsitySchedule).sparsityAt(Number.MAX_SAFE_INTEGER);
}

/** `fraction * totalUpdates` as a step (rounded to the nearest integer). */
export function stepAtFraction(fraction: number, totalUpdates: number): number {
  return Math.round(fraction * totalUpdates);
}

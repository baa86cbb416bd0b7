import { checkNonNegativeInteger, checkPositiveInteger, ConfigError } from '@prunerl/core';

/**
 * When a periodic intervention fires, as Dopamine's `BaseRecycler`: after the gradient update of
 * index u (0-based) when u > 0, u is a multiple of the period, and `startStep <= u < endStep`
 * (`is_update_iter(step) and within_reset_interval`). Hooks see it in `afterUpdate`, whose
 * `UpdateContext.step` is u + 1.
 */
export class PeriodicSchedule {
  readonly period: number;
  readonly startStep: number;
  /** Exclusive; `undefined` for no end. */
  readonly endStep: number | undefined;

  constructor(owner: string, periodField: string, period: unknown, startStep: unknown, endStep: unknown) {
    this.period = checkPositiveInteger(`${owner}.${periodField}`, period);
    this.startStep = checkNonNegativeInteger(`${owner}.startStep`, startStep ?? 0);
    this.endStep = endStep === undefined ? undefined : checkNonNegativeInteger(`${owner}.endStep`, endStep);
    if (this.endStep !== undefined && this.endStep <= this.startStep) {
      throw new ConfigError({ field: `${owner}.endStep`, value: this.endStep, expected: `an update index after startStep (${this.startStep})` });
    }
  }

  /** Whether the intervention runs after update `updateIndex` (= `afterUpdate`'s `step - 1`). */
  firesAfter(updateIndex: number): boolean {
    return (
      updateIndex > 0 &&
      updateIndex % this.period === 0 &&
      updateIndex >= this.startStep &&
      (this.endStep === undefined || updateIndex < this.endStep)
    );
  }
}

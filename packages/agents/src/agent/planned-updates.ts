import { checkNonNegativeInteger, checkPositiveInteger } from '@prunerl/core';

/** What {@link plannedUpdates} needs from an agent's options. */
export interface UpdateBudget {
  /** The run's length in env steps. */
  readonly totalSteps: number;
  readonly minReplayHistory: number;
  readonly updatePeriod: number;
  readonly updatesPerStep?: number;
}

/**
 * Gradient updates a value agent makes in `totalSteps` env steps: one training step at every step
 * index `s` (0-based) with `s >= minReplayHistory` and `s % updatePeriod == 0` (Dopamine's
 * `add_count > min_replay_history` test, made just after the transition is added), each of
 * `updatesPerStep` updates. Runners use it to size pruning schedules (`FactoryContext.totalUpdates`)
 * before the agent exists; agents use it for `UpdateContext.totalUpdates`. An update the replay
 * buffer cannot serve yet (fewer sampleable transitions than a batch) is skipped, so the count is an
 * upper bound in that corner case.
 *
 * @example
 * ```ts
 * plannedUpdates({ totalSteps: 10_000_000, minReplayHistory: 20_000, updatePeriod: 4 }); // 2_495_000
 * ```
 */
export function plannedUpdates(budget: UpdateBudget): number {
  const total = checkPositiveInteger('totalSteps', budget.totalSteps);
  const start = checkNonNegativeInteger('minReplayHistory', budget.minReplayHistory);
  const period = checkPositiveInteger('updatePeriod', budget.updatePeriod);
  const perStep = checkPositiveInteger('updatesPerStep', budget.updatesPerStep ?? 1);
  const last = total - 1;
  if (last < start) return 0;
  const trainingSteps = Math.floor(last / period) - Math.ceil(start / period) + 1;
  return trainingSteps * perStep;
}

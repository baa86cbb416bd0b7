/**
 * The Nature-DQN exploration schedule as Dopamine computes it (`linearly_decaying_epsilon`):
 * epsilon is 1 for the first `warmupSteps` steps, then falls linearly to `epsilon` over
 * `decayPeriod` steps, and stays there.
 *
 * `epsilon + clip((1 - epsilon) (decayPeriod + warmupSteps - step) / decayPeriod, 0, 1 - epsilon)`
 *
 * @param decayPeriod steps of the linear decay (> 0)
 * @param step environment steps observed so far
 * @param warmupSteps steps at epsilon 1 (Dopamine passes `min_replay_history`)
 * @param epsilon the final value
 */
export function linearlyDecayingEpsilon(decayPeriod: number, step: number, warmupSteps: number, epsilon: number): number {
  const stepsLeft = decayPeriod + warmupSteps - step;
  const bonus = ((1 - epsilon) * stepsLeft) / decayPeriod;
  return epsilon + Math.min(Math.max(bonus, 0), 1 - epsilon);
}

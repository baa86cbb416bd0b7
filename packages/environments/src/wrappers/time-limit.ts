import { checkPositiveInteger, EnvironmentError, type Action, type Environment, type ResetOptions, type ResetResult, type Space, type StepResult, type TypedArray } from '@prunerl/core';
import { Wrapper } from './wrapper';

/**
 * Gymnasium's `TimeLimit`: sets `truncated` once `maxEpisodeSteps` steps have elapsed since the
 * last `reset` (`elapsed >= maxEpisodeSteps`; `terminated` is passed through, so both can be true
 * on the last step). Stepping after a truncation without `reset` throws an `EnvironmentError`, as
 * after a termination.
 *
 * @example
 * ```ts
 * const env = new TimeLimit(new CartPoleEnv(), 500);
 * ```
 */
export class TimeLimit<Obs extends TypedArray = TypedArray, Act extends Action = number> extends Wrapper<Obs, Obs, Act> {
  readonly maxEpisodeSteps: number;
  private elapsed = 0;
  private truncatedEpisode = false;

  constructor(env: Environment<Obs, Act>, maxEpisodeSteps: number) {
    super(env);
    this.maxEpisodeSteps = checkPositiveInteger('TimeLimit maxEpisodeSteps', maxEpisodeSteps);
  }

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace;
  }

  /** Steps taken since the last `reset`. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    this.elapsed = 0;
    this.truncatedEpisode = false;
    return result;
  }

  step(action: Act): StepResult<Obs> {
    if (this.truncatedEpisode) {
      throw new EnvironmentError({
        field: 'step(action)',
        value: action,
        expected: 'a call to reset() after the episode ended',
        hint: `The episode was truncated at the time limit of ${this.maxEpisodeSteps} steps.`,
      });
    }
    const result = this.env.step(action);
    this.elapsed += 1;
    if (this.elapsed >= this.maxEpisodeSteps && !result.truncated) {
      this.truncatedEpisode = true;
      return { ...result, truncated: true };
    }
    if (result.truncated) this.truncatedEpisode = true;
    return result;
  }
}

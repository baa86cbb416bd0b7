import { ConfigError, type Action, type Environment, type ResetOptions, type ResetResult, type Space, type StepResult, type TypedArray } from '@prunerl/core';
import { Wrapper } from './wrapper';

/**
 * Gymnasium's `ClipReward`: rewards are clipped to `[min, max]` (default [-1, 1], the DQN
 * convention). Either bound may be infinite.
 */
export class ClipReward<Obs extends TypedArray = TypedArray, Act extends Action = number> extends Wrapper<Obs, Obs, Act> {
  readonly min: number;
  readonly max: number;

  constructor(env: Environment<Obs, Act>, min = -1, max = 1) {
    super(env);
    this.min = checkBound('ClipReward min', min);
    this.max = checkBound('ClipReward max', max);
    if (!(this.min <= this.max)) throw new ConfigError({ field: 'ClipReward max', value: max, expected: `a number >= min = ${min}` });
  }

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(options);
  }

  step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    const reward = Math.min(Math.max(result.reward, this.min), this.max);
    return reward === result.reward ? result : { ...result, reward };
  }
}

function checkBound(field: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new ConfigError({ field, value, expected: 'a number (infinite allowed)' });
  return value;
}

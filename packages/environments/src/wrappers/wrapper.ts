import type { Environment, ResetOptions, ResetResult, Space, StepResult, TypedArray } from '@prunerl/core';

/**
 * Base of the wrappers (Gymnasium's `gym.Wrapper`): forwards everything to the wrapped `env`;
 * subclasses override what they change. `unwrapped` is the innermost environment (its observation
 * type is the innermost one's, whatever this wrapper turns observations into).
 */
export abstract class Wrapper<InObs extends TypedArray = TypedArray, OutObs extends TypedArray = InObs> implements Environment<OutObs, number> {
  protected constructor(
    /** The wrapped environment. */
    readonly env: Environment<InObs, number>,
  ) {}

  get id(): string | undefined {
    return this.env.id;
  }

  abstract readonly observationSpace: Space<OutObs>;

  get actionSpace(): Space<number> {
    return this.env.actionSpace;
  }

  get unwrapped(): Environment<OutObs, number> {
    return this.env.unwrapped as unknown as Environment<OutObs, number>;
  }

  abstract reset(options?: ResetOptions): ResetResult<OutObs>;

  abstract step(action: number): StepResult<OutObs>;

  close(): void {
    this.env.close();
  }

  render(): string {
    if (typeof this.env.render !== 'function') return '';
    return this.env.render();
  }
}

import type { Action, Environment, ResetOptions, ResetResult, Space, StepResult, TypedArray } from '@prunerl/core';

/**
 * Base of the wrappers (Gymnasium's `gym.Wrapper`): forwards everything to the wrapped `env`;
 * subclasses override what they change. `unwrapped` is the innermost environment (its observation
 * type is the innermost one's, whatever this wrapper turns observations into). `Act` is the action
 * type, `number` (discrete) unless a wrapper of a continuous environment says `Float32Array`.
 */
export abstract class Wrapper<InObs extends TypedArray = TypedArray, OutObs extends TypedArray = InObs, Act extends Action = number> implements Environment<OutObs, Act> {
  protected constructor(
    /** The wrapped environment. */
    readonly env: Environment<InObs, Act>,
  ) {}

  get id(): string | undefined {
    return this.env.id;
  }

  abstract readonly observationSpace: Space<OutObs>;

  get actionSpace(): Space<Act> {
    return this.env.actionSpace;
  }

  get unwrapped(): Environment<OutObs, Act> {
    return this.env.unwrapped as unknown as Environment<OutObs, Act>;
  }

  abstract reset(options?: ResetOptions): ResetResult<OutObs>;

  abstract step(action: Act): StepResult<OutObs>;

  close(): void {
    this.env.close();
  }

  render(): string {
    if (typeof this.env.render !== 'function') return '';
    return this.env.render();
  }
}

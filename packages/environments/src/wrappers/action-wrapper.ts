import { checkAction, type Box, type Environment, type ResetOptions, type ResetResult, type Space, type StepResult, type TypedArray } from '@prunerl/core';
import { boxActionSpaceOf } from './box-action-space';
import { Wrapper } from './wrapper';

/**
 * Gymnasium's `ActionWrapper` for continuous actions: the agent acts in this wrapper's `actionSpace`
 * (a float32 `Box`), and `action()` turns each action into one of the wrapped box (`inner`). Actions
 * of the wrong shape or with non-finite entries are refused before, naming `step(action)[i]`.
 */
export abstract class ActionWrapper<Obs extends TypedArray = TypedArray> extends Wrapper<Obs, Obs, Float32Array> {
  /** The wrapped environment's action box. */
  protected readonly inner: Box<'float32'>;

  protected constructor(name: string, env: Environment<Obs, Float32Array>) {
    super(env);
    this.inner = boxActionSpaceOf(name, env);
  }

  abstract override get actionSpace(): Box<'float32'>;

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(options);
  }

  step(action: Float32Array): StepResult<Obs> {
    checkAction(this.actionSpace, action);
    return this.env.step(this.action(action));
  }

  /** The wrapped environment's action for `action` (a fresh array). */
  protected abstract action(action: Float32Array): Float32Array;
}

import { Box, checkAction, type Environment, type ResetOptions, type ResetResult, type Space, type StepResult, type TypedArray } from '@prunerl/core';
import { boxActionSpaceOf } from './box-action-space';
import { Wrapper } from './wrapper';

/**
 * Gymnasium's `ClipAction`: clips each entry of a continuous action to the wrapped box's
 * `[low, high]` before stepping, and offers the unbounded box of the same shape (`Box(-inf, inf)`),
 * so a policy's raw Gaussian sample can be passed as it is. Wrong shapes and non-finite entries are
 * still refused, naming `step(action)[i]`.
 */
export class ClipAction<Obs extends TypedArray = TypedArray> extends Wrapper<Obs, Obs, Float32Array> {
  private readonly inner: Box<'float32'>;
  private readonly outer: Box<'float32'>;

  constructor(env: Environment<Obs, Float32Array>) {
    super(env);
    this.inner = boxActionSpaceOf('ClipAction', env);
    this.outer = new Box({ low: -Infinity, high: Infinity, shape: [...this.inner.shape], dtype: 'float32' });
  }

  override get actionSpace(): Box<'float32'> {
    return this.outer;
  }

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(options);
  }

  step(action: Float32Array): StepResult<Obs> {
    checkAction(this.outer, action);
    const { low, high } = this.inner;
    const clipped = new Float32Array(action.length);
    for (let i = 0; i < action.length; i++) clipped[i] = Math.min(Math.max(action[i]!, low[i]!), high[i]!);
    return this.env.step(clipped);
  }
}

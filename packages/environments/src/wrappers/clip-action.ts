import { Box, type Environment, type TypedArray } from '@prunerl/core';
import { ActionWrapper } from './action-wrapper';

/**
 * Gymnasium's `ClipAction`: clips each entry of a continuous action to the wrapped box's
 * `[low, high]` before stepping, and offers the unbounded box of the same shape (`Box(-inf, inf)`),
 * so a policy's raw Gaussian sample can be passed as it is. Wrong shapes and non-finite entries are
 * still refused, naming `step(action)[i]`.
 */
export class ClipAction<Obs extends TypedArray = TypedArray> extends ActionWrapper<Obs> {
  private readonly outer: Box<'float32'>;

  constructor(env: Environment<Obs, Float32Array>) {
    super('ClipAction', env);
    this.outer = new Box({ low: -Infinity, high: Infinity, shape: [...this.inner.shape], dtype: 'float32' });
  }

  override get actionSpace(): Box<'float32'> {
    return this.outer;
  }

  protected action(action: Float32Array): Float32Array {
    const { low, high } = this.inner;
    return Float32Array.from(action, (a, i) => Math.min(Math.max(a, low[i]!), high[i]!));
  }
}

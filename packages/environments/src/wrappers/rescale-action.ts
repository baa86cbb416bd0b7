import { Box, ConfigError, type Environment, type TypedArray } from '@prunerl/core';
import { ActionWrapper } from './action-wrapper';

/**
 * Gymnasium's `RescaleAction`: the agent acts in `[minAction, maxAction]` (default [-1, 1], what a
 * tanh-squashed policy produces) and each entry is mapped affinely onto the wrapped box's
 * `[low, high]`, as Gymnasium 1.x computes it:
 * `gradient = (high - low) / (max - min)`, `intercept = gradient * -min + low`,
 * `action' = clip(gradient * action + intercept, low, high)` (float64, then float32).
 * Bounds are one number for every entry or one per entry; every `min < max`, and the wrapped box
 * must be bounded.
 */
export class RescaleAction<Obs extends TypedArray = TypedArray> extends ActionWrapper<Obs> {
  private readonly outer: Box<'float32'>;
  private readonly gradient: Float64Array;
  private readonly intercept: Float64Array;

  constructor(env: Environment<Obs, Float32Array>, minAction: number | ArrayLike<number> = -1, maxAction: number | ArrayLike<number> = 1) {
    super('RescaleAction', env);
    const { low, high, size } = this.inner;
    this.outer = new Box({ low: minAction, high: maxAction, shape: [...this.inner.shape], dtype: 'float32' });
    this.gradient = new Float64Array(size);
    this.intercept = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const min = this.outer.low[i]!;
      const max = this.outer.high[i]!;
      if (!Number.isFinite(low[i]!) || !Number.isFinite(high[i]!)) {
        throw new ConfigError({ field: `RescaleAction env.actionSpace.low/high[${i}]`, value: [low[i], high[i]], expected: 'finite bounds (a bounded box to rescale onto)' });
      }
      if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
        throw new ConfigError({ field: `RescaleAction minAction/maxAction[${i}]`, value: [min, max], expected: 'finite numbers with min < max' });
      }
      this.gradient[i] = (high[i]! - low[i]!) / (max - min);
      this.intercept[i] = this.gradient[i]! * -min + low[i]!;
    }
  }

  override get actionSpace(): Box<'float32'> {
    return this.outer;
  }

  protected action(action: Float32Array): Float32Array {
    const { low, high } = this.inner;
    return Float32Array.from(action, (a, i) => Math.min(Math.max(this.gradient[i]! * a + this.intercept[i]!, low[i]!), high[i]!));
  }
}

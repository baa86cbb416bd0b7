import { Box, checkAction, ConfigError, type Environment, type ResetOptions, type ResetResult, type Space, type StepResult, type TypedArray } from '@prunerl/core';
import { boxActionSpaceOf } from './box-action-space';
import { Wrapper } from './wrapper';

/**
 * Gymnasium's `RescaleAction`: the agent acts in `[minAction, maxAction]` (default [-1, 1], what a
 * tanh-squashed policy produces) and each entry is mapped affinely onto the wrapped box's
 * `[low, high]`, as Gymnasium 1.x computes it:
 * `gradient = (high - low) / (max - min)`, `intercept = gradient * -min + low`,
 * `action' = clip(gradient * action + intercept, low, high)` (float64, then float32).
 * Bounds are one number for every entry or one per entry; every `min < max`, and the wrapped box
 * must be bounded.
 */
export class RescaleAction<Obs extends TypedArray = TypedArray> extends Wrapper<Obs, Obs, Float32Array> {
  private readonly inner: Box<'float32'>;
  private readonly outer: Box<'float32'>;
  private readonly gradient: Float64Array;
  private readonly intercept: Float64Array;

  constructor(env: Environment<Obs, Float32Array>, minAction: number | ArrayLike<number> = -1, maxAction: number | ArrayLike<number> = 1) {
    super(env);
    this.inner = boxActionSpaceOf('RescaleAction', env);
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

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(options);
  }

  step(action: Float32Array): StepResult<Obs> {
    checkAction(this.outer, action);
    const { low, high } = this.inner;
    const out = new Float32Array(action.length);
    for (let i = 0; i < action.length; i++) out[i] = Math.min(Math.max(this.gradient[i]! * action[i]! + this.intercept[i]!, low[i]!), high[i]!);
    return this.env.step(out);
  }
}

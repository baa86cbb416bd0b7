import {
  Box,
  checkKnownKeys,
  checkOneOf,
  checkPositiveInteger,
  ConfigError,
  typedArrayFor,
  type DType,
  type Environment,
  type ResetOptions,
  type ResetResult,
  type Space,
  type StepResult,
  type TypedArray,
} from '@prunerl/core';
import { Wrapper } from './wrapper';

/** Options of {@link FrameStack}. */
export interface FrameStackOptions {
  /**
   * What fills the stack before `k` frames were seen: `reset` repeats the first observation
   * (Gymnasium's default), `zero` uses zeros. Default `reset`.
   */
  readonly padding?: 'reset' | 'zero';
}

/**
 * Gymnasium's `FrameStackObservation`: the observation is the last `k` observations stacked along
 * a new leading axis, oldest first (shape `[k, ...shape]`, same dtype). Each call returns a fresh
 * array. The wrapped environment's observation space must be a `Box`.
 *
 * @example
 * ```ts
 * const env = new FrameStack(make('MinAtar/Breakout-v1'), 4); // observations [4, 10, 10, 4]
 * ```
 */
export class FrameStack<Obs extends TypedArray = TypedArray> extends Wrapper<Obs> {
  /** A `Box` of shape `[k, ...shape]` with the wrapped bounds repeated. */
  readonly observationSpace: Box & Space<Obs>;
  readonly k: number;
  readonly padding: 'reset' | 'zero';
  private readonly frameSize: number;
  private readonly dtype: DType;
  /** Ring of the last k frames; `head` is where the next frame goes. */
  private readonly frames: TypedArray;
  private head = 0;

  constructor(env: Environment<Obs, number>, k: number, options: FrameStackOptions = {}) {
    super(env);
    checkKnownKeys('FrameStack options', options, ['padding']);
    this.k = checkPositiveInteger('FrameStack k', k);
    this.padding = checkOneOf('FrameStack options.padding', options.padding ?? 'reset', ['reset', 'zero'] as const);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) {
      throw new ConfigError({ field: 'FrameStack env.observationSpace', value: inner.toJSON(), expected: 'a Box space' });
    }
    this.frameSize = inner.size;
    this.dtype = inner.dtype;
    const tile = (bound: Float64Array): Float64Array => {
      const out = new Float64Array(bound.length * this.k);
      for (let i = 0; i < this.k; i++) out.set(bound, i * bound.length);
      return out;
    };
    const space = new Box({ low: tile(inner.low), high: tile(inner.high), shape: [this.k, ...inner.shape], dtype: inner.dtype });
    this.observationSpace = space as Box & Space<Obs>;
    this.frames = typedArrayFor(this.dtype, this.frameSize * this.k);
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    const { observation, info } = this.env.reset(options);
    if (this.padding === 'reset') {
      for (let i = 0; i < this.k; i++) this.frames.set(observation, i * this.frameSize);
    } else {
      this.frames.fill(0);
      this.frames.set(observation, (this.k - 1) * this.frameSize);
    }
    this.head = 0;
    return { observation: this.stacked(), info };
  }

  step(action: number): StepResult<Obs> {
    const result = this.env.step(action);
    this.frames.set(result.observation, this.head * this.frameSize);
    this.head = (this.head + 1) % this.k;
    return { ...result, observation: this.stacked() };
  }

  /** The ring unrolled oldest first into a fresh array. */
  private stacked(): Obs {
    const out = typedArrayFor(this.dtype, this.frameSize * this.k);
    const split = this.head * this.frameSize;
    out.set(this.frames.subarray(split), 0);
    out.set(this.frames.subarray(0, split), this.frames.length - split);
    return out as Obs;
  }
}

import {
  Box,
  checkKnownKeys,
  checkOneOf,
  checkPositiveInteger,
  ConfigError,
  typedArrayFor,
  type DType,
  type Action,
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
  /**
   * Where the frames go: `first` stacks along a new leading axis (`[k, ...shape]`, Gymnasium's
   * layout); `last` concatenates along the last axis, channels-last as prunerl's networks and
   * Dopamine's Atari stack expect (`[H, W]` frames give `[H, W, k]`, `[H, W, C]` frames give
   * `[H, W, k * C]`, the oldest frame's channels first). Default `first`.
   */
  readonly axis?: 'first' | 'last';
}

/**
 * Gymnasium's `FrameStackObservation`: the observation is the last `k` observations stacked along
 * a new leading axis, oldest first (shape `[k, ...shape]`, same dtype), or, with `axis: 'last'`,
 * interleaved along the last axis for channels-last networks. Each call returns a fresh array. The
 * wrapped environment's observation space must be a `Box`.
 *
 * @example
 * ```ts
 * const env = new FrameStack(make('MinAtar/Breakout-v1'), 4); // observations [4, 10, 10, 4]
 * const conv = new FrameStack(make('MinAtar/Breakout-v1'), 4, { axis: 'last' }); // [10, 10, 16]
 * ```
 */
export class FrameStack<Obs extends TypedArray = TypedArray, Act extends Action = number> extends Wrapper<Obs, Obs, Act> {
  /** A `Box` of shape `[k, ...shape]` with the wrapped bounds repeated. */
  readonly observationSpace: Box & Space<Obs>;
  readonly k: number;
  readonly padding: 'reset' | 'zero';
  readonly axis: 'first' | 'last';
  private readonly frameSize: number;
  /** Entries of the last axis per frame (1 for a frame without channels under `axis: 'last'`). */
  private readonly channels: number;
  private readonly dtype: DType;
  /** Ring of the last k frames; `head` is where the next frame goes. */
  private readonly frames: TypedArray;
  private head = 0;

  constructor(env: Environment<Obs, Act>, k: number, options: FrameStackOptions = {}) {
    super(env);
    checkKnownKeys('FrameStack options', options, ['padding', 'axis']);
    this.k = checkPositiveInteger('FrameStack k', k);
    this.padding = checkOneOf('FrameStack options.padding', options.padding ?? 'reset', ['reset', 'zero'] as const);
    this.axis = checkOneOf('FrameStack options.axis', options.axis ?? 'first', ['first', 'last'] as const);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) {
      throw new ConfigError({ field: 'FrameStack env.observationSpace', value: inner.toJSON(), expected: 'a Box space' });
    }
    this.frameSize = inner.size;
    this.dtype = inner.dtype;
    // Frames of rank >= 3 ([H, W, C]) have channels; a rank-2 frame ([H, W]) gets a new last axis.
    const withChannels = inner.shape.length >= 3;
    this.channels = withChannels ? inner.shape[inner.shape.length - 1]! : 1;
    const shape =
      this.axis === 'first'
        ? [this.k, ...inner.shape]
        : withChannels
          ? [...inner.shape.slice(0, -1), this.k * this.channels]
          : [...inner.shape, this.k];
    const tile = (bound: Float64Array): Float64Array => {
      const frames = new Float64Array(bound.length * this.k);
      for (let i = 0; i < this.k; i++) frames.set(bound, i * bound.length);
      return this.axis === 'first' ? frames : (this.interleave(frames, new Float64Array(frames.length)) as Float64Array);
    };
    const space = new Box({ low: tile(inner.low), high: tile(inner.high), shape, dtype: inner.dtype });
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

  step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.frames.set(result.observation, this.head * this.frameSize);
    this.head = (this.head + 1) % this.k;
    return { ...result, observation: this.stacked() };
  }

  /** The ring unrolled oldest first into a fresh array (interleaved under `axis: 'last'`). */
  private stacked(): Obs {
    const ordered = typedArrayFor(this.dtype, this.frameSize * this.k);
    const split = this.head * this.frameSize;
    ordered.set(this.frames.subarray(split), 0);
    ordered.set(this.frames.subarray(0, split), this.frames.length - split);
    if (this.axis === 'first') return ordered as Obs;
    return this.interleave(ordered, typedArrayFor(this.dtype, ordered.length)) as Obs;
  }

  /** `[k, P, C]` (frames oldest first, P positions of C channels) to `[P, k * C]`. */
  private interleave(frames: TypedArray, out: TypedArray): TypedArray {
    const c = this.channels;
    const positions = this.frameSize / c;
    for (let f = 0; f < this.k; f++) {
      const base = f * this.frameSize;
      for (let p = 0; p < positions; p++) {
        const from = base + p * c;
        const to = p * this.k * c + f * c;
        for (let j = 0; j < c; j++) out[to + j] = frames[from + j]!;
      }
    }
    return out;
  }
}

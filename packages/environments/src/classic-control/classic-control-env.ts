import { EnvironmentError, type Action, type Box, type StepResult } from '@prunerl/core';
import { EpisodicEnvironment } from '../base/episodic-environment';
import type { RandomSource } from '../random/random-source';
import { RngRandomSource } from '../random/rng-random-source';

/** Options every classic-control environment takes. */
export interface ClassicControlOptions {
  /**
   * Where the initial state is drawn from; default a seeded `Rng` stream (see `RngRandomSource`).
   * Only `random()` is used: Gymnasium's `uniform(low, high)` is `low + (high - low) * random()`.
   */
  readonly random?: RandomSource;
  /** The registry id, set by `make`. */
  readonly id?: string;
}

/**
 * Shared shape of the Gymnasium classic-control ports: the physical state lives in a
 * `Float64Array` (Gymnasium's float64 state, in its order), observations are fresh `Float32Array`s.
 * `getState`/`setState` let tests and tools start from any state.
 *
 * Trigonometry is JavaScript's `Math.sin`/`Math.cos`, which can differ from the C library numpy calls
 * in the last bit; with equal sin/cos values the dynamics are bit-identical to Gymnasium's.
 */
export abstract class ClassicControlEnv<Act extends Action = number> extends EpisodicEnvironment<Float32Array, Act> {
  abstract override readonly observationSpace: Box<'float32'>;
  /** The physical state, float64 as in Gymnasium. */
  protected readonly state: Float64Array;

  protected constructor(stateSize: number, options: ClassicControlOptions) {
    super(options.id, options.random ?? new RngRandomSource());
    this.state = new Float64Array(stateSize);
  }

  /** A copy of the physical state vector, in Gymnasium's order. */
  getState(): Float64Array {
    return this.state.slice();
  }

  /**
   * Replaces the physical state (Gymnasium's order) and makes the episode steppable, as if `reset`
   * had landed there. Throws an `EnvironmentError` for a wrong length or a non-finite value.
   */
  setState(state: ArrayLike<number>): void {
    const n = this.state.length;
    if (state === null || typeof state !== 'object' || typeof state.length !== 'number' || state.length !== n) {
      throw new EnvironmentError({ field: 'setState(state)', value: state, expected: `${n} finite numbers` });
    }
    for (let i = 0; i < n; i++) {
      const v = state[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new EnvironmentError({ field: `setState(state)[${i}]`, value: v, expected: 'a finite number' });
      }
    }
    this.markRunning();
    for (let i = 0; i < n; i++) this.state[i] = state[i]!;
  }

  /** Gymnasium's `np_random.uniform(low, high)`. */
  protected uniform(low: number, high: number): number {
    return low + (high - low) * this.randomSource.random();
  }

  protected abstract override stepState(action: Act): StepResult<Float32Array>;
}

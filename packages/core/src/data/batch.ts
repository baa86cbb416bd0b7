import type { DType, TypedArray } from '../spaces/space';

/**
 * A sampled minibatch, as flat typed arrays (row-major, batch first) so that buffers need no tfjs
 * and agents build each tensor with one copy.
 *
 * For n-step returns (PAPER.md 1.1): `rewards[i] = sum_{k<m} gamma^k r_{t+k}` over the m <= n steps
 * before the episode ended or the window closed, `nextObservations[i]` is the observation m steps
 * later, and `discounts[i] = gamma^m` if the bootstrap applies, 0 if the episode terminated inside
 * the window. The TD target is then `rewards + discounts * max_a Q_target(next, a)`.
 */
export interface Batch {
  readonly batchSize: number;
  /** Shape of one observation (e.g. `[10, 10, 4]`). */
  readonly observationShape: readonly number[];
  readonly observationDtype: DType;
  /** `batchSize * size(observationShape)` values. */
  readonly observations: TypedArray;
  /** Discrete actions, one per transition (all zeros in a buffer of continuous actions). */
  readonly actions: Int32Array;
  /**
   * Continuous actions, `batchSize * actionSize` float32 values, when the buffer stores them (a
   * buffer built with an `actionShape`); absent for discrete actions.
   */
  readonly actionVectors?: Float32Array;
  readonly rewards: Float32Array;
  readonly nextObservations: TypedArray;
  readonly discounts: Float32Array;
  /** Buffer indices of the sampled transitions (for `updatePriorities`). */
  readonly indices: Int32Array;
  /** Importance-sampling weights, normalised by their max (all ones for uniform replay). */
  readonly weights: Float32Array;
  /** Sampling probabilities of the transitions (uniform: 1 / valid count). */
  readonly probabilities: Float32Array;
}

import type { Batch } from '../data/batch';
import type { Transition } from '../data/transition';
import type { Rng } from '../rng/rng';
import type { Action } from '../spaces/action';
import type { TypedArray } from '../spaces/space';

/**
 * Experience replay: stores transitions in typed arrays and samples minibatches with n-step
 * returns already folded in (see {@link Batch}).
 */
export interface ReplayBuffer {
  /** Maximum number of transitions kept (oldest are overwritten). */
  readonly capacity: number;
  /** Transitions currently stored. */
  readonly size: number;
  /** Whether sampled batches carry importance weights from priorities. */
  readonly prioritized: boolean;
  /**
   * Stores one transition: a discrete action (`number`), or a `Float32Array` action when the buffer
   * was built for continuous actions; a transition that does not fit throws a `ReplayError`.
   */
  add(transition: Transition<TypedArray, Action>): void;
  /** Whether at least `batchSize` transitions can be sampled (complete n-step windows). */
  canSample(batchSize: number): boolean;
  /** Throws a `ReplayError` when `canSample(batchSize)` is false. */
  sample(batchSize: number, rng: Rng): Batch;
  /** Sets new priorities (prioritized buffers); a no-op for uniform ones. */
  updatePriorities(indices: Int32Array, priorities: Float32Array | Float64Array): void;
  /** The buffer's full contents as a stream of byte chunks (versioned, checksummed). */
  state(): AsyncIterable<Uint8Array>;
  /**
   * Replaces the contents from {@link ReplayBuffer.state} bytes. A corrupt, truncated or mismatched
   * stream throws a `StateError` and leaves the buffer unchanged.
   */
  restore(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void>;
}

/** DI token of {@link ReplayBuffer}. */
export const ReplayBuffer = Symbol.for('@prunerl/core/ReplayBuffer');

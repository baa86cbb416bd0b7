import type { Tensor } from '@tensorflow/tfjs-core';
import type { Rng } from '../rng/rng';

/**
 * A random transformation of training observations (DrQ's image augmentation, Kostrikov et al. 2021),
 * applied by an agent to every sampled minibatch, to its observations and next observations, before
 * the loss. Acting never sees it.
 *
 * Invariants: `apply` returns a new tensor of the input's shape and dtype that the caller disposes;
 * it leaves `observations` alone; every random draw comes from `rng` (the agent passes its own
 * checkpointed stream), so the same stream state gives the same output and the augmentation itself
 * holds no state to save.
 */
export interface Augmentation {
  /** A short name for logs (`drq`). */
  readonly name: string;
  /** Augments a batch `[B, ...observationShape]` (float32, raw values). */
  apply(observations: Tensor, rng: Rng): Tensor;
}

/** DI token of {@link Augmentation} (optional: an agent without one trains on the raw batch). */
export const Augmentation = Symbol.for('@prunerl/core/Augmentation');

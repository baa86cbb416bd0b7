import type { ApplyOptions, HeadDescription } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from '../layers/forward-context';

/** The built-in heads. */
export type HeadName = 'q' | 'dueling' | 'c51' | 'quantile';

/** Every {@link HeadName}. */
export const HEAD_NAMES: readonly HeadName[] = ['q', 'dueling', 'c51', 'quantile'];

/**
 * The output part of a network. It drives the torso's hidden layers itself (`hidden`), so a head
 * may work on the encoder output first (IQN's tau embedding).
 */
export interface Head {
  readonly description: HeadDescription;
  /**
   * `encoded` is the torso encoder output `[B, encodedSize]`; `hidden` runs the torso's dense
   * hidden layers on any `[rows, encodedSize]`.
   */
  forward(encoded: tf.Tensor2D, hidden: (features: tf.Tensor2D) => tf.Tensor2D, context: ForwardContext, options: ApplyOptions): tf.Tensor;
}

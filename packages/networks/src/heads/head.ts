import type { ApplyOptions, HeadDescription } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { DenseLayer, DenseLike } from '../layers/dense-layer';
import type { ForwardContext } from '../layers/forward-context';

/** The built-in heads. */
export type HeadName = 'q' | 'dueling' | 'c51' | 'quantile';

/** Every {@link HeadName}. */
export const HEAD_NAMES: readonly HeadName[] = ['q', 'dueling', 'c51', 'quantile'];

/**
 * How a head turns features into its output, over its own layers (all linear), for passes other
 * than its tfjs `forward` (sparse inference):
 * - `linear`: one layer on the torso's features, its output viewed as `outputShape` (Q, C51);
 * - `dueling`: V + (A - mean_a A) per atom, from `advantage` `[A·atoms]` and `value` `[atoms]`;
 * - `quantile`: per tau, features = encoder output · ReLU(`embedding`(cos(pi·i·tau))), then the
 *   torso's hidden layers and `layer`.
 */
export type HeadPlan =
  | { readonly kind: 'linear'; readonly layer: DenseLike; readonly outputShape: readonly number[] }
  | { readonly kind: 'dueling'; readonly advantage: DenseLike; readonly value: DenseLike; readonly atoms: number; readonly outputShape: readonly number[] }
  | { readonly kind: 'quantile'; readonly embedding: DenseLayer; readonly layer: DenseLike; readonly outputShape: readonly number[] };

/**
 * The output part of a network. It drives the torso's hidden layers itself (`hidden`), so a head
 * may work on the encoder output first (IQN's tau embedding).
 */
export interface Head {
  readonly description: HeadDescription;
  /** Its layers and how they combine (see {@link HeadPlan}). */
  readonly plan: HeadPlan;
  /**
   * `encoded` is the torso encoder output `[B, encodedSize]`; `hidden` runs the torso's dense
   * hidden layers on any `[rows, encodedSize]`.
   */
  forward(encoded: tf.Tensor2D, hidden: (features: tf.Tensor2D) => tf.Tensor2D, context: ForwardContext, options: ApplyOptions): tf.Tensor;
}

import type * as tf from '@tensorflow/tfjs-core';
import type { InitScheme } from '../init/init-scheme';
import type { ForwardContext } from '../layers/forward-context';
import type { ParameterStore } from '../layers/parameter-store';

/** The built-in torsos. */
export type TorsoName = 'mlp' | 'minatar-cnn' | 'nature-cnn' | 'impala';

/** Every {@link TorsoName}. */
export const TORSO_NAMES: readonly TorsoName[] = ['mlp', 'minatar-cnn', 'nature-cnn', 'impala'];

/**
 * A feature extractor in two parts, so that every head fits every torso:
 * - `encode`: the layers before the merge point (convolutions and flatten; the first hidden layer of
 *   an MLP), giving `[B, encodedSize]`;
 * - `hidden`: the dense hidden layers after it (Dense 512 + ReLU for the Atari torsos), giving
 *   `[rows, outputSize]`.
 * Q, dueling and C51 heads run both in sequence; the IQN head multiplies its tau embedding into the
 * encoder output first, as Dopamine's `ImplicitQuantileNetwork` does between the flatten and the
 * Dense 512.
 */
export interface Torso {
  readonly encodedSize: number;
  readonly outputSize: number;
  /** `x` is float32, already scaled, `[B, ...observationShape]`. */
  encode(x: tf.Tensor, context: ForwardContext): tf.Tensor2D;
  /** Works on any number of rows (B, or B x numTaus for IQN). */
  hidden(features: tf.Tensor2D, context: ForwardContext): tf.Tensor2D;
}

/** What a torso needs to build its layers. */
export interface TorsoBuildContext {
  readonly store: ParameterStore;
  readonly observationShape: readonly number[];
  readonly init: InitScheme;
  /** sigma0 of NoisyNet hidden layers, or `null` for plain dense hidden layers. */
  readonly noisySigma0: number | null;
}

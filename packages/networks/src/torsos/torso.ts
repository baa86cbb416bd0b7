import type * as tf from '@tensorflow/tfjs-core';
import type { InitScheme } from '../init/init-scheme';
import type { Padding } from '../layers/conv-layer';
import type { ForwardContext } from '../layers/forward-context';
import type { ParameterStore } from '../layers/parameter-store';

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

/** The network options that belong to torsos; each torso lists those it takes, the others refuse them. */
export const TORSO_OPTION_KEYS = ['hiddenSizes', 'denseUnits', 'scaleDense', 'padding', 'stackSizes', 'numBlocks'] as const;

/** One of {@link TORSO_OPTION_KEYS}. */
export type TorsoOptionKey = (typeof TORSO_OPTION_KEYS)[number];

/** The torso's part of a resolved architecture: plain JSON, width applied; each torso fills what it uses. */
export interface TorsoArchitecture {
  /** `mlp`: scaled hidden sizes. */
  readonly hiddenSizes?: readonly number[];
  /** CNN torsos: dense hidden units (scaled when `scaleDense`). */
  readonly denseUnits?: number;
  /** CNN torsos: scaled conv channels (`impala`: per stack). */
  readonly channels?: readonly number[];
  readonly padding?: Padding;
  readonly numBlocks?: number;
}

/**
 * Everything the package knows about one torso, next to its class: its registry name and
 * description, the options it takes, how they resolve (defaults, width) and how it is built. The
 * torso registry (`torso-registry.ts`) lists these, one row each; names, option checks, the `networks`
 * registry entries and network construction all derive from it.
 */
export interface TorsoDefinition<Name extends string = string> {
  readonly name: Name;
  /** One line for listings (`networks` registry descriptions). */
  readonly description: string;
  /** Torso options it accepts (an option another torso takes is refused with this one). */
  readonly options: readonly TorsoOptionKey[];
  /**
   * Its part of the architecture from the user's options and the width multiplier: checks values
   * (typed errors naming the field) and fills defaults. Keys in a fixed order: architectures are
   * recorded in weight files.
   */
  resolve(options: Readonly<Record<string, unknown>>, width: number): TorsoArchitecture;
  /** A new torso for one network, its layers created in `context.store`. */
  build(context: TorsoBuildContext, architecture: TorsoArchitecture): Torso;
}

/** Types a {@link TorsoDefinition}, keeping its name as a literal (so `TorsoName` lists it). */
export function defineTorso<const Name extends string>(definition: TorsoDefinition<Name>): TorsoDefinition<Name> {
  return Object.freeze(definition);
}

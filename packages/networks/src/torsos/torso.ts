import { checkBoolean, checkPositiveInteger } from '@prunerl/core';
import type { InitScheme } from '../init/init-scheme';
import type { Padding } from '../layers/conv-layer';
import type { LayerOp } from '../layers/layer-op';
import type { ParameterStore } from '../layers/parameter-store';

/**
 * A feature extractor in two parts, so that every head fits every torso, each described once as a
 * list of {@link LayerOp}s over the torso's layers (the tfjs forward and sparse inference both walk
 * it):
 * - `encoder`: the layers before the merge point (convolutions and flatten; the first hidden layer
 *   of an MLP), giving `[B, encodedSize]`;
 * - `hidden`: the dense hidden layers after it (Dense 512 + ReLU for the Atari torsos), giving
 *   `[rows, outputSize]` for any number of rows (B, or B x numTaus for IQN).
 * Q, dueling and C51 heads run both in sequence; the IQN head multiplies its tau embedding into the
 * encoder output first, as Dopamine's `ImplicitQuantileNetwork` does between the flatten and the
 * Dense 512. The encoder takes float32 input, already scaled, `[B, ...observationShape]`.
 */
export interface Torso {
  readonly encodedSize: number;
  readonly outputSize: number;
  readonly encoder: readonly LayerOp[];
  readonly hidden: readonly LayerOp[];
}

/** What a torso needs to build its layers. */
export interface TorsoBuildContext {
  readonly store: ParameterStore;
  readonly observationShape: readonly number[];
  readonly init: InitScheme;
  /** sigma0 of NoisyNet hidden layers, or `null` for plain dense hidden layers. */
  readonly noisySigma0: number | null;
}

/** The torso part of a resolved architecture (what each built-in torso keeps; plain JSON). */
export interface TorsoSettings {
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
 * A torso as the `TORSOS` registry holds it: how it reads its options and how it is built. A new
 * torso is one file exporting one of these (and its class) plus one row in `torso-registry.ts`.
 */
export interface TorsoDefinition<S extends object = TorsoSettings> {
  /** One line for registries and the CLI. */
  readonly description: string;
  /** The architecture options it takes besides the common ones (others are refused for it). */
  readonly options: readonly string[];
  /** Its settings from the (validated per key) options and the width multiplier. */
  resolve(options: Readonly<Record<string, unknown>>, width: number): S;
  /** Builds its layers from its settings. */
  build(context: TorsoBuildContext, settings: S): Torso;
}

/** ceil(base·width), ignoring float noise such as 0.7·10 = 7.000000000000001. */
export function scaleByWidth(base: number, width: number): number {
  return Math.max(1, Math.ceil(base * width - 1e-9));
}

/**
 * The dense hidden units of a CNN torso: `denseUnits` (default `defaultUnits`), scaled by `width`
 * when `scaleDense` is set (Dopamine's ReDo networks).
 */
export function resolveDenseUnits(options: Readonly<Record<string, unknown>>, width: number, defaultUnits: number): number {
  const scaleDense = checkBoolean('scaleDense', options.scaleDense ?? false);
  const dense = checkPositiveInteger('denseUnits', options.denseUnits ?? defaultUnits);
  return scaleDense ? scaleByWidth(dense, width) : dense;
}

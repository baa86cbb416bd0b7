import type { QNetwork } from '@prunerl/core';
import { ConfigError, ShapeError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { singularValues, srank } from './srank';

/** SRank of a feature matrix and the singular values it came from. */
export interface SrankResult {
  readonly srank: number;
  readonly delta: number;
  /** The layer the features came from. */
  readonly layer: string;
  /** Singular values, descending. */
  readonly singularValues: Float64Array;
  /** Feature matrix shape `[batch, features]`. */
  readonly shape: readonly [number, number];
}

/** Options of {@link featureSrank}. */
export interface FeatureSrankOptions {
  /** Default 0.01. */
  readonly delta?: number;
  /** Activation layer to use. Default: the last one `network.activations` returns (the penultimate features). */
  readonly layer?: string;
}

/**
 * SRank of the penultimate features (PAPER.md 4.5): Phi is the `[batch, d]` output of the last hidden
 * layer (e.g. Dense 512 after ReLU) on `observations`; conv features are flattened per example. Its
 * singular values are computed in float64 ({@link singularValues}).
 */
export function featureSrank(network: QNetwork, observations: tf.Tensor, options: FeatureSrankOptions = {}): SrankResult {
  const delta = options.delta ?? 0.01;
  const activations = network.activations(observations, { noise: false });
  try {
    const names = [...activations.keys()];
    if (names.length === 0) throw new ShapeError({ field: 'network.activations()', value: names, expected: 'at least one hidden layer' });
    const layer = options.layer ?? names[names.length - 1]!;
    const features = activations.get(layer);
    if (!features) throw new ConfigError({ field: 'featureSrank options.layer', value: layer, expected: `one of ${names.join(', ')}` });
    return srankOfFeatures(features, delta, layer);
  } finally {
    for (const t of activations.values()) t.dispose();
  }
}

/** SRank of a `[batch, ...]` feature tensor (flattened per example); `layer` only labels the result. */
export function srankOfFeatures(features: tf.Tensor, delta = 0.01, layer = 'features'): SrankResult {
  if (features.rank < 2) throw new ShapeError({ field: 'srankOfFeatures(features)', value: features.shape, expected: 'a [batch, ...features] tensor' });
  const batch = features.shape[0]!;
  const width = features.size / batch;
  const sigma = singularValues(features.dataSync(), batch, width);
  return { srank: srank(sigma, delta), delta, layer, singularValues: sigma, shape: [batch, width] };
}

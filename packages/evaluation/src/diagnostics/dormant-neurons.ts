import type { QNetwork } from '@prunerl/core';
import { checkNumber, normalizedNeuronScores, ShapeError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** Dormant neurons of one layer at one threshold. */
export interface DormantLayer {
  readonly layer: string;
  readonly neurons: number;
  readonly dormant: number;
  /** `dormant / neurons`. */
  readonly fraction: number;
}

/** Dormant neurons of a network at one threshold tau. */
export interface DormantReport {
  readonly tau: number;
  /** Dormant neurons over all probed layers / all their neurons (Sokar's reported percentage / 100). */
  readonly fraction: number;
  readonly dormant: number;
  readonly neurons: number;
  readonly layers: readonly DormantLayer[];
}

/** Options of {@link dormantNeurons}. */
export interface DormantNeuronOptions {
  /** Thresholds tau; one report each. Default `[0.1, 0]` (ReDo's tau and Dopamine's logging default). */
  readonly thresholds?: readonly number[];
  /** Which activation layers count (default: every layer `network.activations` returns). */
  readonly includeLayer?: (name: string) => boolean;
}

/**
 * Normalised neuron scores of one layer (Sokar et al. 2023, Def. 3.1; Dopamine
 * `weight_recyclers.estimate_neuron_score`): `s_i = E|h_i| / (mean_k E|h_k| + 1e-9)`, the expectation
 * over the batch and, for conv layers, the spatial axes (a neuron is a feature map, the last axis).
 * The reduction is tfjs; the formula is core's `normalizedNeuronScores`, shared with plasticity's
 * ReDo so that the neurons it recycles are those counted here.
 */
export function neuronScores(activation: tf.Tensor): Float64Array {
  if (activation.rank < 2) {
    throw new ShapeError({ field: 'neuronScores(activation)', value: activation.shape, expected: 'a [batch, ..., neurons] tensor of rank >= 2' });
  }
  return normalizedNeuronScores(tf.tidy(() => tf.mean(tf.abs(activation), [...Array(activation.rank - 1).keys()]).dataSync()));
}

/**
 * tau-dormant neurons (PAPER.md 4.4): neuron i of a hidden layer is dormant if its normalised score
 * `s_i <= tau`. Computed on every post-activation layer `network.activations(observations)` returns
 * (hidden layers only, so the Q output never counts), for each threshold. At tau = 0 only neurons
 * that are exactly zero on the whole batch count. Sokar et al. and the paper use a 256-state replay
 * batch.
 *
 * @returns one {@link DormantReport} per threshold, in the order given.
 */
export function dormantNeurons(network: QNetwork, observations: tf.Tensor, options: DormantNeuronOptions = {}): DormantReport[] {
  const thresholds = options.thresholds ?? [0.1, 0];
  thresholds.forEach((tau, i) => checkNumber(`dormantNeurons options.thresholds[${i}]`, tau, { min: 0 }));
  const activations = network.activations(observations, { noise: false });
  const scores: { layer: string; scores: Float64Array }[] = [];
  try {
    for (const [layer, activation] of activations) {
      if (options.includeLayer && !options.includeLayer(layer)) continue;
      scores.push({ layer, scores: neuronScores(activation) });
    }
  } finally {
    for (const t of activations.values()) t.dispose();
  }
  return thresholds.map((tau) => dormantFromScores(scores, tau));
}

/** {@link dormantNeurons} from precomputed {@link neuronScores}. */
export function dormantFromScores(layers: readonly { layer: string; scores: ArrayLike<number> }[], tau: number): DormantReport {
  let dormant = 0;
  let neurons = 0;
  const perLayer = layers.map(({ layer, scores }) => {
    let count = 0;
    for (let i = 0; i < scores.length; i++) if (scores[i]! <= tau) count++;
    dormant += count;
    neurons += scores.length;
    return { layer, neurons: scores.length, dormant: count, fraction: count / scores.length };
  });
  return { tau, fraction: neurons === 0 ? 0 : dormant / neurons, dormant, neurons, layers: perLayer };
}

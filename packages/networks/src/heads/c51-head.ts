import type { HeadDescription } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { InitializerName } from '../init/initializer';
import type { DenseLike } from '../layers/dense-layer';
import type { ForwardContext } from '../layers/forward-context';
import { makeDense } from '../layers/make-dense';
import type { ParameterStore } from '../layers/parameter-store';
import type { Head, HeadPlan } from './head';

/** The fixed C51 support: `numAtoms` evenly spaced values from `vMin` to `vMax` (both included). */
export function c51Support(numAtoms: number, vMin: number, vMax: number): Float32Array {
  const support = new Float32Array(numAtoms);
  const step = (vMax - vMin) / (numAtoms - 1);
  for (let i = 0; i < numAtoms; i++) support[i] = i === numAtoms - 1 ? vMax : vMin + i * step;
  return support;
}

/**
 * The C51 head (Bellemare et al. 2017): logits `[B, numActions, numAtoms]`; a softmax over the last
 * axis gives the probabilities on the support (`description.support`). Layer `head/dense`, or with
 * `dueling` (as DER and CQL+C51) `head/advantage` and `head/value`, combined per atom:
 * logits = V + A - mean_a A (Dopamine's `FullRainbowNetwork`).
 */
export class C51Head implements Head {
  readonly description: HeadDescription;
  readonly plan: HeadPlan;
  private readonly dense: DenseLike | null;
  private readonly advantage: DenseLike | null;
  private readonly value: DenseLike | null;

  constructor(
    store: ParameterStore,
    inputSize: number,
    private readonly numActions: number,
    private readonly numAtoms: number,
    vMin: number,
    vMax: number,
    dueling: boolean,
    init: InitializerName,
    noisySigma0: number | null,
  ) {
    if (dueling) {
      this.dense = null;
      this.advantage = makeDense(store, 'head/advantage', inputSize, numActions * numAtoms, init, noisySigma0);
      this.value = makeDense(store, 'head/value', inputSize, numAtoms, init, noisySigma0);
    } else {
      this.dense = makeDense(store, 'head/dense', inputSize, numActions * numAtoms, init, noisySigma0);
      this.advantage = null;
      this.value = null;
    }
    this.description = Object.freeze({ kind: 'c51', numAtoms, support: c51Support(numAtoms, vMin, vMax), noisy: noisySigma0 !== null });
    const outputShape = [numActions, numAtoms];
    this.plan = this.dense ? { kind: 'linear', layer: this.dense, outputShape } : { kind: 'dueling', advantage: this.advantage!, value: this.value!, atoms: numAtoms, outputShape };
  }

  forward(encoded: tf.Tensor2D, hidden: (features: tf.Tensor2D) => tf.Tensor2D, context: ForwardContext): tf.Tensor {
    const features = hidden(encoded);
    const batch = features.shape[0];
    if (this.dense) {
      return tf.reshape(this.dense.apply(features, 'linear', context), [batch, this.numActions, this.numAtoms]);
    }
    const advantage = tf.reshape(this.advantage!.apply(features, 'linear', context), [batch, this.numActions, this.numAtoms]);
    const value = tf.reshape(this.value!.apply(features, 'linear', context), [batch, 1, this.numAtoms]);
    return tf.add(value, tf.sub(advantage, tf.mean(advantage, 1, true)));
  }
}

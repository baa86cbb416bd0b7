import type { HeadDescription } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { InitializerName } from '../init/initializer';
import type { DenseLike } from '../layers/dense-layer';
import type { ForwardContext } from '../layers/forward-context';
import { makeDense } from '../layers/make-dense';
import type { ParameterStore } from '../layers/parameter-store';
import type { Head, HeadPlan } from './head';

/**
 * The dueling head (Wang et al. 2016, eq. 9): Q(s, a) = V(s) + A(s, a) - mean_a' A(s, a'),
 * `[B, numActions]`. Layers `head/advantage` and `head/value` (Dopamine's `FullRainbowNetwork`
 * order).
 */
export class DuelingHead implements Head {
  readonly description: HeadDescription;
  readonly plan: HeadPlan;
  private readonly advantage: DenseLike;
  private readonly value: DenseLike;

  constructor(store: ParameterStore, inputSize: number, numActions: number, init: InitializerName, noisySigma0: number | null) {
    this.advantage = makeDense(store, 'head/advantage', inputSize, numActions, init, noisySigma0);
    this.value = makeDense(store, 'head/value', inputSize, 1, init, noisySigma0);
    this.description = Object.freeze({ kind: 'dueling', noisy: noisySigma0 !== null });
    this.plan = { kind: 'dueling', advantage: this.advantage, value: this.value, atoms: 1, outputShape: [numActions] };
  }

  forward(encoded: tf.Tensor2D, hidden: (features: tf.Tensor2D) => tf.Tensor2D, context: ForwardContext): tf.Tensor {
    const features = hidden(encoded);
    const advantage = this.advantage.apply(features, 'linear', context);
    const value = this.value.apply(features, 'linear', context);
    return tf.add(value, tf.sub(advantage, tf.mean(advantage, 1, true)));
  }
}

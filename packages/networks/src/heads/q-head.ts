import type { HeadDescription } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { InitializerName } from '../init/initializer';
import type { DenseLike } from '../layers/dense-layer';
import type { ForwardContext } from '../layers/forward-context';
import { makeDense } from '../layers/make-dense';
import type { ParameterStore } from '../layers/parameter-store';
import type { Head, HeadPlan } from './head';

/** A linear Q head: Q(s, ·) = features W + b, `[B, numActions]`. Layer `head/dense`. */
export class QHead implements Head {
  readonly description: HeadDescription;
  readonly plan: HeadPlan;
  private readonly dense: DenseLike;

  constructor(store: ParameterStore, inputSize: number, numActions: number, init: InitializerName, noisySigma0: number | null) {
    this.dense = makeDense(store, 'head/dense', inputSize, numActions, init, noisySigma0);
    this.description = Object.freeze({ kind: 'q', noisy: noisySigma0 !== null });
    this.plan = { kind: 'linear', layer: this.dense, outputShape: [numActions] };
  }

  forward(encoded: tf.Tensor2D, hidden: (features: tf.Tensor2D) => tf.Tensor2D, context: ForwardContext): tf.Tensor {
    return this.dense.apply(hidden(encoded), 'linear', context);
  }
}

import { ShapeError, type ApplyOptions, type HeadDescription } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import type { InitializerName } from '../init/initializer';
import { DenseLayer, type DenseLike } from '../layers/dense-layer';
import type { ForwardContext } from '../layers/forward-context';
import { makeDense } from '../layers/make-dense';
import type { ParameterStore } from '../layers/parameter-store';
import type { Head, HeadPlan } from './head';

/**
 * The implicit quantile head (IQN, Dabney et al. 2018b), as Dopamine's `ImplicitQuantileNetwork`:
 * each quantile fraction tau is embedded as phi(tau) = ReLU(Dense([cos(pi·i·tau)] for i = 1..n)),
 * n = `embeddingDim` (64), with as many outputs as the torso's encoder; the encoder output is
 * multiplied elementwise by phi(tau), passes the torso's hidden layers (Dense 512 + ReLU on the
 * Atari torsos) and a linear layer to one value per action.
 *
 * Input `options.taus` `[B, N]`; output `[B, N, numActions]`. Layers `head/quantile-embedding` and
 * `head/dense`; the embedding's ReLU output is recorded under `head/quantile-embedding` and the
 * torso's hidden layers see B·N rows.
 */
export class QuantileHead implements Head {
  readonly description: HeadDescription;
  readonly plan: HeadPlan;
  private readonly embedding: DenseLayer;
  private readonly dense: DenseLike;
  /** pi·i for i = 1..n, `[1, n]`: a constant, built once per forward pass (cheap, and tidy-safe). */
  private readonly frequencies: Float32Array;

  constructor(store: ParameterStore, encodedSize: number, hiddenSize: number, numActions: number, embeddingDim: number, init: InitializerName, noisySigma0: number | null) {
    this.embedding = new DenseLayer(store, 'head/quantile-embedding', embeddingDim, encodedSize, init);
    this.dense = makeDense(store, 'head/dense', hiddenSize, numActions, init, noisySigma0);
    this.frequencies = Float32Array.from({ length: embeddingDim }, (_, i) => Math.PI * (i + 1));
    this.description = Object.freeze({ kind: 'quantile', noisy: noisySigma0 !== null });
    this.plan = { kind: 'quantile', embedding: this.embedding, layer: this.dense, outputShape: [numActions] };
  }

  forward(encoded: tf.Tensor2D, hidden: (features: tf.Tensor2D) => tf.Tensor2D, context: ForwardContext, options: ApplyOptions): tf.Tensor {
    const taus = options.taus;
    const [batch, size] = encoded.shape;
    if (taus === undefined || taus.rank !== 2 || taus.shape[0] !== batch) {
      throw new ShapeError({
        field: 'apply(options.taus)',
        value: taus === undefined ? undefined : taus.shape,
        expected: `quantile fractions of shape [${batch}, numTaus] for a quantile head`,
      });
    }
    const numTaus = taus.shape[1]!;
    const rows = batch * numTaus;
    const tau = tf.reshape(taus.dtype === 'float32' ? taus : tf.cast(taus, 'float32'), [rows, 1]);
    const cosines = tf.cos(tf.mul(tau, tf.tensor2d(this.frequencies, [1, this.frequencies.length])));
    const phi = this.embedding.apply(cosines as tf.Tensor2D, 'relu');
    const phi3 = tf.reshape(phi, [batch, numTaus, size]);
    context.record?.(this.embedding.name, phi3);
    const merged = tf.reshape(tf.mul(tf.reshape(encoded, [batch, 1, size]), phi3), [rows, size]);
    const values = this.dense.apply(hidden(merged as tf.Tensor2D), 'linear', context);
    return tf.reshape(values, [batch, numTaus, values.shape[1]]);
  }
}

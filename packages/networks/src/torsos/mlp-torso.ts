import { checkShape } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { DenseLayer } from '../layers/dense-layer';
import type { ForwardContext } from '../layers/forward-context';
import { DenseStack } from './dense-stack';
import { scaleByWidth } from './scale-by-width';
import { defineTorso, type Torso, type TorsoBuildContext } from './torso';

/**
 * A multilayer perceptron: flatten, then Dense + ReLU for each hidden size (default [256, 256];
 * the width multiplier scales every hidden size, as the paper's x5 MuJoCo MLPs).
 *
 * Layers `torso/dense1`, `torso/dense2`, ... The first is the encoder (where an IQN head merges its
 * tau embedding); the others are the hidden part (NoisyNet ones when the head asks for it).
 */
export class MlpTorso implements Torso {
  readonly encodedSize: number;
  readonly outputSize: number;
  private readonly inputSize: number;
  private readonly first: DenseLayer;
  private readonly rest: DenseStack;

  constructor(context: TorsoBuildContext, hiddenSizes: readonly number[]) {
    this.inputSize = context.observationShape.reduce((a, b) => a * b, 1);
    const names = hiddenSizes.map((_, i) => `torso/dense${i + 1}`);
    this.first = new DenseLayer(context.store, names[0]!, this.inputSize, hiddenSizes[0]!, context.init.torso);
    this.rest = new DenseStack(context.store, names.slice(1), hiddenSizes[0]!, hiddenSizes.slice(1), context.init.torso, context.noisySigma0);
    this.encodedSize = hiddenSizes[0]!;
    this.outputSize = this.rest.outputSize;
  }

  encode(x: tf.Tensor, context: ForwardContext): tf.Tensor2D {
    const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [x.shape[0]!, this.inputSize]);
    const h = this.first.apply(flat as tf.Tensor2D, 'relu');
    context.record?.(this.first.name, h);
    return h;
  }

  hidden(features: tf.Tensor2D, context: ForwardContext): tf.Tensor2D {
    return this.rest.apply(features, context);
  }
}

/** Registry row `mlp`: option `hiddenSizes` (default [256, 256]), each scaled by the width. */
export const MLP_TORSO = defineTorso({
  name: 'mlp',
  description: 'MLP torso (hidden sizes [256, 256] x width) with any head',
  options: ['hiddenSizes'],
  resolve: (options, width) => {
    const sizes = options.hiddenSizes === undefined ? [256, 256] : checkShape('hiddenSizes', options.hiddenSizes);
    return { hiddenSizes: sizes.map((s) => scaleByWidth(s, width)) };
  },
  build: (context, a) => new MlpTorso(context, a.hiddenSizes!),
});

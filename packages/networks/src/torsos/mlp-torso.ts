import { checkShape } from '@prunerl/core';
import { DenseLayer } from '../layers/dense-layer';
import type { LayerOp } from '../layers/layer-op';
import { DenseStack } from './dense-stack';
import { scaleByWidth, type Torso, type TorsoBuildContext, type TorsoDefinition } from './torso';

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
  readonly encoder: readonly LayerOp[];
  readonly hidden: readonly LayerOp[];

  constructor(context: TorsoBuildContext, hiddenSizes: readonly number[]) {
    const inputSize = context.observationShape.reduce((a, b) => a * b, 1);
    const names = hiddenSizes.map((_, i) => `torso/dense${i + 1}`);
    const first = new DenseLayer(context.store, names[0]!, inputSize, hiddenSizes[0]!, context.init.torso);
    const rest = new DenseStack(context.store, names.slice(1), hiddenSizes[0]!, hiddenSizes.slice(1), context.init.torso, context.noisySigma0);
    this.encodedSize = hiddenSizes[0]!;
    this.outputSize = rest.outputSize;
    this.encoder = [{ kind: 'flatten' }, { kind: 'dense', layer: first, activation: 'relu' }];
    this.hidden = rest.ops;
  }
}

/** `mlp` in the torso registry: option `hiddenSizes`. */
export const mlpTorso: TorsoDefinition = {
  description: 'MLP torso (hidden sizes [256, 256] x width) with any head',
  options: ['hiddenSizes'],
  resolve: (options, width) => {
    const sizes = options.hiddenSizes === undefined ? [256, 256] : checkShape('hiddenSizes', options.hiddenSizes);
    return { hiddenSizes: sizes.map((s) => scaleByWidth(s, width)) };
  },
  build: (context, settings) => new MlpTorso(context, settings.hiddenSizes!),
};

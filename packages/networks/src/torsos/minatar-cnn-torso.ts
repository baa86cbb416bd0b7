import { ConfigError } from '@prunerl/core';
import { ConvLayer, convOutputSize } from '../layers/conv-layer';
import type { LayerOp } from '../layers/layer-op';
import { DenseStack } from './dense-stack';
import { imageShape } from './image-shape';
import { resolveDenseUnits, scaleByWidth, type Torso, type TorsoBuildContext, type TorsoDefinition } from './torso';

/**
 * The MinAtar reference DQN torso (Young & Tian 2019, `examples/dqn.py`): Conv 16·w 3x3 stride 1
 * VALID + ReLU, flatten (8·8·16·w on 10x10 input), Dense 128 + ReLU.
 *
 * Layers `torso/conv` (encoder) and `torso/dense` (hidden).
 */
export class MinAtarCnnTorso implements Torso {
  readonly encodedSize: number;
  readonly outputSize: number;
  readonly encoder: readonly LayerOp[];
  readonly hidden: readonly LayerOp[];

  constructor(context: TorsoBuildContext, channels: number, denseUnits: number) {
    const [h, w, c] = imageShape('minatar-cnn', context.observationShape);
    if (h < 3 || w < 3) {
      throw new ConfigError({ field: 'observationShape', value: context.observationShape, expected: 'height and width >= 3 (the minatar-cnn 3x3 VALID convolution)' });
    }
    const conv = new ConvLayer(context.store, 'torso/conv', c, channels, 3, 1, 'valid', context.init.torso);
    this.encodedSize = convOutputSize(h, 3, 1, 'valid') * convOutputSize(w, 3, 1, 'valid') * channels;
    const dense = new DenseStack(context.store, ['torso/dense'], this.encodedSize, [denseUnits], context.init.torso, context.noisySigma0);
    this.outputSize = denseUnits;
    this.encoder = [{ kind: 'conv', layer: conv, activation: 'relu' }, { kind: 'flatten' }];
    this.hidden = dense.ops;
  }
}

/** `minatar-cnn` in the torso registry: options `denseUnits` (default 128) and `scaleDense`. */
export const minatarCnnTorso: TorsoDefinition = {
  description: 'MinAtar reference torso (conv 16 3x3 valid, dense 128) with any head',
  options: ['denseUnits', 'scaleDense'],
  resolve: (options, width) => ({ denseUnits: resolveDenseUnits(options, width, 128), channels: [scaleByWidth(16, width)] }),
  build: (context, settings) => new MinAtarCnnTorso(context, settings.channels![0]!, settings.denseUnits!),
};

import { ConfigError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { ConvLayer, convOutputSize } from '../layers/conv-layer';
import type { ForwardContext } from '../layers/forward-context';
import { DenseStack, resolveDenseUnits } from './dense-stack';
import { imageShape } from './image-shape';
import { scaleByWidth } from './scale-by-width';
import { defineTorso, type Torso, type TorsoBuildContext } from './torso';

/**
 * The MinAtar reference DQN torso (Young & Tian 2019, `examples/dqn.py`): Conv 16·w 3x3 stride 1
 * VALID + ReLU, flatten (8·8·16·w on 10x10 input), Dense 128 + ReLU.
 *
 * Layers `torso/conv` (encoder) and `torso/dense` (hidden).
 */
export class MinAtarCnnTorso implements Torso {
  readonly encodedSize: number;
  readonly outputSize: number;
  private readonly conv: ConvLayer;
  private readonly dense: DenseStack;

  constructor(context: TorsoBuildContext, channels: number, denseUnits: number) {
    const [h, w, c] = imageShape('minatar-cnn', context.observationShape);
    if (h < 3 || w < 3) {
      throw new ConfigError({ field: 'observationShape', value: context.observationShape, expected: 'height and width >= 3 (the minatar-cnn 3x3 VALID convolution)' });
    }
    this.conv = new ConvLayer(context.store, 'torso/conv', c, channels, 3, 1, 'valid', context.init.torso);
    this.encodedSize = convOutputSize(h, 3, 1, 'valid') * convOutputSize(w, 3, 1, 'valid') * channels;
    this.dense = new DenseStack(context.store, ['torso/dense'], this.encodedSize, [denseUnits], context.init.torso, context.noisySigma0);
    this.outputSize = denseUnits;
  }

  encode(x: tf.Tensor, context: ForwardContext): tf.Tensor2D {
    const h = this.conv.apply(x as tf.Tensor4D, 'relu');
    context.record?.(this.conv.name, h);
    return tf.reshape(h, [x.shape[0]!, this.encodedSize]);
  }

  hidden(features: tf.Tensor2D, context: ForwardContext): tf.Tensor2D {
    return this.dense.apply(features, context);
  }
}

/** Registry row `minatar-cnn`: 16·w channels; `denseUnits` (default 128) and `scaleDense`. */
export const MINATAR_CNN_TORSO = defineTorso({
  name: 'minatar-cnn',
  description: 'MinAtar reference torso (conv 16 3x3 valid, dense 128) with any head',
  options: ['denseUnits', 'scaleDense'],
  resolve: (options, width) => ({ denseUnits: resolveDenseUnits(options, width, 128), channels: [scaleByWidth(16, width)] }),
  build: (context, a) => new MinAtarCnnTorso(context, a.channels![0]!, a.denseUnits!),
});

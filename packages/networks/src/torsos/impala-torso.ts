import { checkNumber, checkShape } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { ConvLayer, convOutputSize } from '../layers/conv-layer';
import type { ForwardContext } from '../layers/forward-context';
import { DenseStack, resolveDenseUnits } from './dense-stack';
import { imageShape } from './image-shape';
import { scaleByWidth } from './scale-by-width';
import { defineTorso, type Torso, type TorsoBuildContext } from './torso';

interface Stack {
  readonly conv: ConvLayer;
  readonly blocks: readonly (readonly [ConvLayer, ConvLayer])[];
}

/**
 * The Impala ResNet torso (Espeholt et al. 2018) as Dopamine's `ImpalaEncoder` (the paper's default
 * network, `labs/offline_rl/jax/networks.py`): for each stack size C (default (16, 32, 32)·w),
 * Conv C 3x3/1 SAME, MaxPool 3x3/2 SAME, then `numBlocks` (2) residual blocks
 * y = x + Conv(ReLU(Conv(ReLU(x)))); after the stacks ReLU, flatten (84 -> 42 -> 21 -> 11, so 11·11·32·w),
 * Dense 512 + ReLU. Stack convs use the torso initialiser, residual convs the residual one (Flax's
 * LeCun normal by default).
 *
 * Layers `torso/stack{i}/conv`, `torso/stack{i}/block{j}/conv1`, `.../conv2` (encoder) and
 * `torso/dense` (hidden). Activations are recorded where the network applies a ReLU, under the name
 * of the layer whose output it is: the ReLU opening a block belongs to the stack conv (after pooling)
 * or to the previous block's `conv2` (after the skip sum), and the final ReLU to the last `conv2`.
 * The outputs of the first two stacks enter the next stack without a ReLU, so their last `conv2`
 * has no activation entry.
 */
export class ImpalaTorso implements Torso {
  readonly encodedSize: number;
  readonly outputSize: number;
  private readonly stacks: readonly Stack[];
  private readonly dense: DenseStack;

  constructor(context: TorsoBuildContext, stackSizes: readonly number[], numBlocks: number, denseUnits: number) {
    let [h, w, c] = imageShape('impala', context.observationShape);
    const { store, init } = context;
    this.stacks = stackSizes.map((size, i) => {
      const prefix = `torso/stack${i + 1}`;
      const conv = new ConvLayer(store, `${prefix}/conv`, c, size, 3, 1, 'same', init.torso);
      const blocks = Array.from({ length: numBlocks }, (_, j) => {
        const block = `${prefix}/block${j + 1}`;
        return [
          new ConvLayer(store, `${block}/conv1`, size, size, 3, 1, 'same', init.residual),
          new ConvLayer(store, `${block}/conv2`, size, size, 3, 1, 'same', init.residual),
        ] as const;
      });
      h = convOutputSize(h, 3, 2, 'same');
      w = convOutputSize(w, 3, 2, 'same');
      c = size;
      return { conv, blocks };
    });
    this.encodedSize = h * w * c;
    this.dense = new DenseStack(store, ['torso/dense'], this.encodedSize, [denseUnits], init.torso, context.noisySigma0);
    this.outputSize = denseUnits;
  }

  encode(x: tf.Tensor, context: ForwardContext): tf.Tensor2D {
    let out = x as tf.Tensor4D;
    let last = '';
    for (const stack of this.stacks) {
      out = tf.maxPool(stack.conv.apply(out, 'linear', out === x), 3, 2, 'same');
      last = stack.conv.name;
      for (const [conv1, conv2] of stack.blocks) {
        const a = tf.relu(out);
        context.record?.(last, a);
        const hidden = conv1.apply(a, 'relu');
        context.record?.(conv1.name, hidden);
        out = tf.add(conv2.apply(hidden, 'linear'), out);
        last = conv2.name;
      }
    }
    const features = tf.relu(out);
    context.record?.(last, features);
    return tf.reshape(features, [x.shape[0]!, this.encodedSize]);
  }

  hidden(features: tf.Tensor2D, context: ForwardContext): tf.Tensor2D {
    return this.dense.apply(features, context);
  }
}

/** Registry row `impala`: `stackSizes` (default [16, 32, 32], scaled by the width), `numBlocks` (2), `denseUnits` (512), `scaleDense`. */
export const IMPALA_TORSO = defineTorso({
  name: 'impala',
  description: 'Impala ResNet torso (stacks 16, 32, 32 x width, dense 512) with any head',
  options: ['denseUnits', 'scaleDense', 'stackSizes', 'numBlocks'],
  resolve: (options, width) => {
    const denseUnits = resolveDenseUnits(options, width, 512);
    const stackSizes = options.stackSizes === undefined ? [16, 32, 32] : checkShape('stackSizes', options.stackSizes);
    const numBlocks = checkNumber('numBlocks', options.numBlocks ?? 2, { min: 0, integer: true });
    return { denseUnits, numBlocks, channels: stackSizes.map((c) => scaleByWidth(c, width)) };
  },
  build: (context, a) => new ImpalaTorso(context, a.channels!, a.numBlocks!, a.denseUnits!),
});

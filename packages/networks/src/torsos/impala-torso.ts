import { checkNumber, checkShape } from '@prunerl/core';
import { ConvLayer, convOutputSize } from '../layers/conv-layer';
import type { LayerOp } from '../layers/layer-op';
import { DenseStack } from './dense-stack';
import { imageShape } from './image-shape';
import { resolveDenseUnits, scaleByWidth, type Torso, type TorsoBuildContext, type TorsoDefinition } from './torso';

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
  readonly encoder: readonly LayerOp[];
  readonly hidden: readonly LayerOp[];

  constructor(context: TorsoBuildContext, stackSizes: readonly number[], numBlocks: number, denseUnits: number) {
    let [h, w, c] = imageShape('impala', context.observationShape);
    const { store, init } = context;
    const encoder: LayerOp[] = [];
    stackSizes.forEach((size, i) => {
      const prefix = `torso/stack${i + 1}`;
      encoder.push({ kind: 'conv', layer: new ConvLayer(store, `${prefix}/conv`, c, size, 3, 1, 'same', init.stack), activation: 'linear' });
      encoder.push({ kind: 'maxPool', size: 3, stride: 2, padding: 'same' });
      for (let j = 0; j < numBlocks; j++) {
        const block = `${prefix}/block${j + 1}`;
        const conv1 = new ConvLayer(store, `${block}/conv1`, size, size, 3, 1, 'same', init.residual);
        const conv2 = new ConvLayer(store, `${block}/conv2`, size, size, 3, 1, 'same', init.residual);
        encoder.push({
          kind: 'residual',
          body: [{ kind: 'relu' }, { kind: 'conv', layer: conv1, activation: 'relu' }, { kind: 'conv', layer: conv2, activation: 'linear' }],
        });
      }
      h = convOutputSize(h, 3, 2, 'same');
      w = convOutputSize(w, 3, 2, 'same');
      c = size;
    });
    encoder.push({ kind: 'relu' }, { kind: 'flatten' });
    this.encoder = encoder;
    this.encodedSize = h * w * c;
    const dense = new DenseStack(store, ['torso/dense'], this.encodedSize, [denseUnits], init.torso, context.noisySigma0);
    this.outputSize = denseUnits;
    this.hidden = dense.ops;
  }
}

/** `impala` in the torso registry: options `denseUnits` (default 512), `scaleDense`, `stackSizes` and `numBlocks`. */
export const impalaTorso: TorsoDefinition = {
  description: 'Impala ResNet torso (stacks 16, 32, 32 x width, dense 512) with any head',
  options: ['denseUnits', 'scaleDense', 'stackSizes', 'numBlocks'],
  resolve: (options, width) => {
    const denseUnits = resolveDenseUnits(options, width, 512);
    const stackSizes = options.stackSizes === undefined ? [16, 32, 32] : checkShape('stackSizes', options.stackSizes);
    const numBlocks = checkNumber('numBlocks', options.numBlocks ?? 2, { min: 0, integer: true });
    return { denseUnits, numBlocks, channels: stackSizes.map((c) => scaleByWidth(c, width)) };
  },
  build: (context, settings) => new ImpalaTorso(context, settings.channels!, settings.numBlocks!, settings.denseUnits!),
};

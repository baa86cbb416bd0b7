import { checkOneOf, ConfigError } from '@prunerl/core';
import { ConvLayer, convOutputSize, type Padding } from '../layers/conv-layer';
import type { LayerOp } from '../layers/layer-op';
import { DenseStack } from './dense-stack';
import { imageShape } from './image-shape';
import { resolveDenseUnits, scaleByWidth, type Torso, type TorsoBuildContext, type TorsoDefinition } from './torso';

const KERNELS = [8, 4, 3] as const;
const STRIDES = [4, 2, 1] as const;

/**
 * The Nature DQN torso (Mnih et al. 2015) as in Dopamine JAX: Conv 32·w 8x8/4, Conv 64·w 4x4/2,
 * Conv 64·w 3x3/1 (each + ReLU), flatten, Dense 512 + ReLU. Padding `same` (Flax's default, what
 * Dopamine runs: 84 -> 21 -> 11 -> 11, flatten 11·11·64) or `valid` (the 2015 paper: 84 -> 20 -> 9 ->
 * 7, flatten 7·7·64).
 *
 * Layers `torso/conv1..3` (encoder) and `torso/dense` (hidden).
 */
export class NatureCnnTorso implements Torso {
  readonly encodedSize: number;
  readonly outputSize: number;
  readonly encoder: readonly LayerOp[];
  readonly hidden: readonly LayerOp[];

  constructor(context: TorsoBuildContext, channels: readonly [number, number, number], denseUnits: number, padding: Padding) {
    let [h, w, c] = imageShape('nature-cnn', context.observationShape);
    const encoder: LayerOp[] = [];
    for (let i = 0; i < 3; i++) {
      const k = KERNELS[i]!;
      const s = STRIDES[i]!;
      if (padding === 'valid' && (h < k || w < k)) {
        throw new ConfigError({
          field: 'observationShape',
          value: context.observationShape,
          expected: 'an input large enough for the nature-cnn VALID convolutions (at least 36x36)',
          hint: `conv${i + 1} (${k}x${k}) gets ${h}x${w}; use padding "same" for small inputs.`,
        });
      }
      encoder.push({ kind: 'conv', layer: new ConvLayer(context.store, `torso/conv${i + 1}`, c, channels[i]!, k, s, padding, context.init.torso), activation: 'relu' });
      h = convOutputSize(h, k, s, padding);
      w = convOutputSize(w, k, s, padding);
      c = channels[i]!;
    }
    encoder.push({ kind: 'flatten' });
    this.encoder = encoder;
    this.encodedSize = h * w * c;
    const dense = new DenseStack(context.store, ['torso/dense'], this.encodedSize, [denseUnits], context.init.torso, context.noisySigma0);
    this.outputSize = denseUnits;
    this.hidden = dense.ops;
  }
}

/** `nature-cnn` in the torso registry: options `denseUnits` (default 512), `scaleDense` and `padding`. */
export const natureCnnTorso: TorsoDefinition = {
  description: 'Nature DQN torso (32 8x8/4, 64 4x4/2, 64 3x3/1, dense 512) with any head',
  options: ['denseUnits', 'scaleDense', 'padding'],
  resolve: (options, width) => {
    const denseUnits = resolveDenseUnits(options, width, 512);
    const padding = checkOneOf('padding', options.padding ?? 'same', ['same', 'valid'] as const);
    return { denseUnits, padding, channels: [32, 64, 64].map((c) => scaleByWidth(c, width)) };
  },
  build: (context, settings) => new NatureCnnTorso(context, settings.channels as [number, number, number], settings.denseUnits!, settings.padding!),
};

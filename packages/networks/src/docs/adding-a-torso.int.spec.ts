// The code of docs/adding-a-torso.md, run as a test. Every ```ts block of that page must appear in
// this file (checked at the bottom), so the recipe cannot drift from working code. The page shows
// the torso as it would sit in src/torsos/, so its `./x` imports read `../torsos/x` here; and the
// registry row (one name added to TORSOS) is stood for by adding the definition to the list at run
// time, so `createQNetwork` below takes the new name without a compile-time `TorsoName`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, networks } from '@prunerl/core';
import { docBlocksMissing } from '@prunerl/testing';
import { resolveArchitecture } from '../network/architecture';
import { createQNetwork as createTypedQNetwork, type CreateQNetworkOptions } from '../network/create-q-network';
import { registerBuiltinNetworks } from '../registry/builtin-networks';
import type { TorsoDefinition } from '../torsos/torso';
import { TORSOS } from '../torsos/torso-registry';

// ---- docs: the torso ----
import * as tf from '@tensorflow/tfjs-core';
import { ConvLayer, convOutputSize } from '../layers/conv-layer';
import type { ForwardContext } from '../layers/forward-context';
import { DenseStack, resolveDenseUnits } from '../torsos/dense-stack';
import { imageShape } from '../torsos/image-shape';
import { scaleByWidth } from '../torsos/scale-by-width';
import { defineTorso, type Torso, type TorsoBuildContext } from '../torsos/torso';

/**
 * A small CNN: Conv 16·w 3x3/1 and Conv 32·w 3x3/2 (SAME padding, each + ReLU), flatten,
 * Dense 256 + ReLU. Layers `torso/conv1`, `torso/conv2` (encoder) and `torso/dense` (hidden).
 */
export class SmallCnnTorso implements Torso {
  readonly encodedSize: number;
  readonly outputSize: number;
  private readonly convs: readonly ConvLayer[];
  private readonly dense: DenseStack;

  constructor(context: TorsoBuildContext, channels: readonly number[], denseUnits: number) {
    let [h, w, c] = imageShape('small-cnn', context.observationShape);
    this.convs = channels.map((out, i) => {
      const stride = i + 1;
      const conv = new ConvLayer(context.store, `torso/conv${i + 1}`, c, out, 3, stride, 'same', context.init.torso);
      [h, w, c] = [convOutputSize(h, 3, stride, 'same'), convOutputSize(w, 3, stride, 'same'), out];
      return conv;
    });
    this.encodedSize = h * w * c;
    this.dense = new DenseStack(context.store, ['torso/dense'], this.encodedSize, [denseUnits], context.init.torso, context.noisySigma0);
    this.outputSize = denseUnits;
  }

  encode(x: tf.Tensor, context: ForwardContext): tf.Tensor2D {
    let h = x as tf.Tensor4D;
    for (const conv of this.convs) {
      h = conv.apply(h, 'relu');
      context.record?.(conv.name, h); // activations, for diagnostics and ReDo
    }
    return tf.reshape(h, [x.shape[0]!, this.encodedSize]);
  }

  hidden(features: tf.Tensor2D, context: ForwardContext): tf.Tensor2D {
    return this.dense.apply(features, context);
  }
}

/** Registry row `small-cnn`: (16, 32)·w channels; `denseUnits` (default 256) and `scaleDense`. */
export const SMALL_CNN_TORSO = defineTorso({
  name: 'small-cnn',
  description: 'Small CNN torso (conv 16 3x3/1, conv 32 3x3/2, dense 256) with any head',
  options: ['denseUnits', 'scaleDense'],
  resolve: (options, width) => ({ denseUnits: resolveDenseUnits(options, width, 256), channels: [16, 32].map((c) => scaleByWidth(c, width)) }),
  build: (context, a) => new SmallCnnTorso(context, a.channels!, a.denseUnits!),
});
// ---- end of the torso ----

/** `createQNetwork` without the compile-time check of the torso name (see the top of this file). */
const createQNetwork = (options: Omit<CreateQNetworkOptions, 'torso'> & { readonly torso: string }) => createTypedQNetwork(options as CreateQNetworkOptions);

describe('docs/adding-a-torso.md', () => {
  const list = TORSOS as unknown as TorsoDefinition[];
  beforeAll(() => void list.push(SMALL_CNN_TORSO));
  afterAll(() => void list.splice(list.indexOf(SMALL_CNN_TORSO), 1));

  it('should build a network with the new torso and any head', () => {
    const logged: unknown[] = [];
    jest.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
    // ---- docs: usage ----
    const net = createQNetwork({ torso: 'small-cnn', head: 'dueling', width: 2, observationShape: [10, 10, 4], numActions: 6, seed: 0 });
    console.log(net.parameters().map((p) => `${p.name} [${p.variable.shape.join(', ')}]`).slice(0, 4));
    // [ 'torso/conv1/kernel [3, 3, 4, 32]', 'torso/conv1/bias [32]', 'torso/conv2/kernel [3, 3, 32, 64]', 'torso/conv2/bias [64]' ]
    // ---- end of usage ----
    jest.restoreAllMocks();
    expect(logged).toEqual([['torso/conv1/kernel [3, 3, 4, 32]', 'torso/conv1/bias [32]', 'torso/conv2/kernel [3, 3, 32, 64]', 'torso/conv2/bias [64]']]);
    const observations = tf.ones([2, 10, 10, 4]);
    expect(net.apply(observations).shape).toEqual([2, 6]);
    const activations = net.activations(observations);
    expect([...activations.keys()]).toEqual(['torso/conv1', 'torso/conv2', 'torso/dense']);
    expect(activations.get('torso/conv2')!.shape).toEqual([2, 5, 5, 64]);
    tf.dispose([observations, ...activations.values()]);
    expect(net.parameters().find((p) => p.name === 'torso/dense/kernel')!.variable.shape).toEqual([5 * 5 * 64, 256]);
    net.dispose();
  });

  it('should refuse the options it does not take, and check those it does', () => {
    expect(() => resolveArchitecture({ torso: 'small-cnn', padding: 'valid' })).toThrow('no padding option with the small-cnn torso (only nature-cnn take it)');
    expect(() => resolveArchitecture({ torso: 'small-cnn', denseUnits: 0 })).toThrow(ConfigError);
    expect(resolveArchitecture({ torso: 'small-cnn', width: 0.5, denseUnits: 64, scaleDense: true })).toMatchObject({ denseUnits: 32, channels: [8, 16] });
    expect(() => resolveArchitecture({ torso: 'small-cnn', hiddenSizes: [8] })).toThrow('only mlp take it');
  });

  it('should be in the networks registry by name', () => {
    registerBuiltinNetworks();
    expect(networks.get('small-cnn')({ head: 'q' })).toBeDefined();
    networks.unregister('small-cnn');
  });

  it('should show the page the same code as this file', () => {
    const page = readFileSync(join(__dirname, '../../../../docs/adding-a-torso.md'), 'utf8');
    const { blocks, missing } = docBlocksMissing(page, readFileSync(__filename, 'utf8'), { rewrite: (block) => block.replaceAll("from './", "from '../torsos/") });
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(missing).toEqual([]);
  });
});

// The code of docs/adding-a-torso.md, run as a test. Every ```ts block of that page must appear in
// this file (checked at the bottom), so the recipe cannot drift from working code. The page shows
// the torso as it would sit in src/torsos/, so its `./x` imports read `../torsos/x` here; and the
// registry row (one entry added to TORSOS) is stood for by adding it at run time, so
// `createQNetwork` below takes the new name without a compile-time `TorsoName`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, networks } from '@prunerl/core';
import { docBlocksMissing } from '@prunerl/testing';
import { resolveArchitecture } from '../network/architecture';
import { createQNetwork as createTypedQNetwork, type CreateQNetworkOptions } from '../network/create-q-network';
import { registerBuiltinNetworks } from '../registry/builtin-networks';
import { TORSO_NAMES, TORSOS } from '../torsos/torso-registry';

// ---- docs: the torso ----
import { ConvLayer, convOutputSize } from '../layers/conv-layer';
import type { LayerOp } from '../layers/layer-op';
import { DenseStack } from '../torsos/dense-stack';
import { imageShape } from '../torsos/image-shape';
import { resolveDenseUnits, scaleByWidth, type Torso, type TorsoBuildContext, type TorsoDefinition } from '../torsos/torso';

/**
 * A small CNN: Conv 16·w 3x3/1 and Conv 32·w 3x3/2 (SAME padding, each + ReLU), flatten,
 * Dense 256 + ReLU. Layers `torso/conv1`, `torso/conv2` (encoder) and `torso/dense` (hidden).
 */
export class SmallCnnTorso implements Torso {
  readonly encodedSize: number;
  readonly outputSize: number;
  readonly encoder: readonly LayerOp[];
  readonly hidden: readonly LayerOp[];

  constructor(context: TorsoBuildContext, channels: readonly number[], denseUnits: number) {
    let [h, w, c] = imageShape('small-cnn', context.observationShape);
    const convs: LayerOp[] = channels.map((out, i) => {
      const stride = i + 1;
      const layer = new ConvLayer(context.store, `torso/conv${i + 1}`, c, out, 3, stride, 'same', context.init.torso);
      [h, w, c] = [convOutputSize(h, 3, stride, 'same'), convOutputSize(w, 3, stride, 'same'), out];
      return { kind: 'conv', layer, activation: 'relu' };
    });
    this.encodedSize = h * w * c;
    this.outputSize = denseUnits;
    this.encoder = [...convs, { kind: 'flatten' }];
    this.hidden = new DenseStack(context.store, ['torso/dense'], this.encodedSize, [denseUnits], context.init.torso, context.noisySigma0).ops;
  }
}

/** `small-cnn` in the torso registry: (16, 32)·w channels; `denseUnits` (default 256) and `scaleDense`. */
export const smallCnnTorso: TorsoDefinition = {
  description: 'Small CNN torso (conv 16 3x3/1, conv 32 3x3/2, dense 256) with any head',
  options: ['denseUnits', 'scaleDense'],
  resolve: (options, width) => ({ denseUnits: resolveDenseUnits(options, width, 256), channels: [16, 32].map((c) => scaleByWidth(c, width)) }),
  build: (context, settings) => new SmallCnnTorso(context, settings.channels!, settings.denseUnits!),
};
// ---- end of the torso ----

/** `createQNetwork` without the compile-time check of the torso name (see the top of this file). */
const createQNetwork = (options: Omit<CreateQNetworkOptions, 'torso'> & { readonly torso: string }) => createTypedQNetwork(options as CreateQNetworkOptions);

describe('docs/adding-a-torso.md', () => {
  const table = TORSOS as unknown as Record<string, TorsoDefinition>;
  const names = TORSO_NAMES as string[];
  beforeAll(() => {
    table['small-cnn'] = smallCnnTorso;
    names.push('small-cnn');
  });
  afterAll(() => {
    delete table['small-cnn'];
    names.splice(names.indexOf('small-cnn'), 1);
  });

  it('should build a network with the new torso and any head, recording its activations', () => {
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
    const q = net.apply(observations) as tf.Tensor;
    expect(q.shape).toEqual([2, 6]);
    const activations = net.activations(observations);
    expect([...activations.keys()]).toEqual(['torso/conv1', 'torso/conv2', 'torso/dense']);
    expect(activations.get('torso/conv2')!.shape).toEqual([2, 5, 5, 64]);
    tf.dispose([observations, q, ...activations.values()]);
    expect(net.parameters().find((p) => p.name === 'torso/dense/kernel')!.variable.shape).toEqual([5 * 5 * 64, 256]);
    net.dispose();
  });

  it('should act through sparse inference once pruned, with no second description of the torso', () => {
    const net = createQNetwork({ torso: 'small-cnn', width: 0.5, observationShape: [10, 10, 4], numActions: 3, seed: 1 });
    tf.tidy(() => {
      // Keep every tenth kernel weight: 90% sparse, past the view's 80% threshold.
      for (const p of net.parameters()) if (p.role === 'kernel') p.variable.assign(tf.mul(p.variable, tf.reshape(tf.cast(tf.equal(tf.mod(tf.range(0, p.variable.size), 10), 0), 'float32'), p.variable.shape)));
    });
    const view = net.inferenceView!();
    const x = tf.tensor(Float32Array.from({ length: 2 * 400 }, (_, i) => (i % 7 === 0 ? 1 : 0)), [2, 10, 10, 4]);
    const dense = net.apply(x) as tf.Tensor;
    const sparse = view.apply(x) as tf.Tensor;
    expect((view as unknown as { stats(): { active: boolean } }).stats().active).toBe(true);
    expect(tf.max(tf.abs(tf.sub(dense, sparse))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, dense, sparse]);
    net.dispose();
  });

  it('should refuse the options it does not take, and check those it does', () => {
    expect(() => resolveArchitecture({ torso: 'small-cnn' as never, padding: 'valid' })).toThrow(/padding/);
    expect(() => resolveArchitecture({ torso: 'small-cnn' as never, denseUnits: 0 })).toThrow(ConfigError);
    expect(resolveArchitecture({ torso: 'small-cnn' as never, width: 0.5, denseUnits: 64, scaleDense: true })).toMatchObject({ denseUnits: 32, channels: [8, 16] });
    expect(() => resolveArchitecture({ torso: 'small-cnn' as never, hiddenSizes: [8] })).toThrow(/hiddenSizes/);
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

import { Rng, ShapeError, StateError } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { createQNetwork } from '../network/create-q-network';
import { encodeWeights } from '../weights/weight-codec';
import { exportPolicy } from './export-policy';
import { loadPolicy } from './load-policy';
import { decodePolicy, encodePolicy, POLICY_FORMAT_VERSION } from './policy-codec';

const observations = (shape: number[]): tf.Tensor => {
  const rng = Rng.fromSeed(5).split('obs');
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rng.uniform() < 0.3 ? 1 : 0)), shape);
};

/** A random 0/1 mask of each kernel, applied to the network's weights (what a pruner leaves). */
function prune(net: ReturnType<typeof createQNetwork>): Map<string, tf.Tensor> {
  const rng = Rng.fromSeed(2).split('mask');
  const masks = new Map<string, tf.Tensor>();
  for (const p of net.parameters().filter((q) => q.role === 'kernel')) {
    const mask = tf.tensor(Float32Array.from({ length: p.variable.size }, () => (rng.uniform() < 0.7 ? 0 : 1)), p.variable.shape);
    p.variable.assign(tf.mul(p.variable, mask));
    masks.set(p.name, mask);
  }
  return masks;
}

describe('policy files', () => {
  it('should rebuild a pruned MinAtar network that gives the same Q values, with its masks and spec', () => {
    const net = createQNetwork({ torso: 'minatar-cnn', head: 'c51', numAtoms: 11, vMax: 5, width: 0.5, observationShape: [10, 10, 4], numActions: 6, seed: 3, scope: 'trained' });
    const masks = prune(net);
    const before = tf.memory().numTensors;
    const bytes = exportPolicy(net, { masks, environment: { id: 'MinAtar/Breakout-v1', options: { stickyActionProb: 0.1 } }, agent: 'rainbow', info: { steps: 1000 } });
    expect(tf.memory().numTensors).toBe(before);
    const loaded = loadPolicy(bytes);
    try {
      expect(loaded.spec).toMatchObject({ observationShape: [10, 10, 4], numActions: 6, agent: 'rainbow', environment: { id: 'MinAtar/Breakout-v1', options: { stickyActionProb: 0.1 } }, info: { steps: 1000 } });
      expect(loaded.spec.architecture).toEqual(net.architecture);
      expect(loaded.network.head.kind).toBe('c51');
      expect(Object.keys(loaded.masks).sort()).toEqual([...masks.keys()].sort());
      for (const [name, mask] of masks) {
        expect(loaded.masks[name]!.dtype).toBe('bool');
        expect(Array.from(loaded.masks[name]!.values)).toEqual(Array.from(mask.dataSync()));
      }
      tf.tidy(() => {
        const x = observations([3, 10, 10, 4]);
        expect(Array.from(loaded.network.apply(x).dataSync())).toEqual(Array.from(net.apply(x).dataSync()));
      });
    } finally {
      loaded.network.dispose();
      net.dispose();
      tf.dispose([...masks.values()]);
    }
  });

  it('should zero masked weights on load, whatever the file holds', () => {
    const net = createQNetwork({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 1 });
    const weights = net.getWeights();
    const kernel = weights['torso/dense1/kernel']!;
    const mask = { shape: kernel.shape, dtype: 'bool' as const, values: Uint8Array.from(kernel.values, (_, i) => i % 2) };
    const loaded = loadPolicy(encodePolicy({ spec: { architecture: net.architecture, observationShape: [3], numActions: 2 }, weights, masks: { 'torso/dense1/kernel': mask } }));
    try {
      const values = loaded.network.getWeights()['torso/dense1/kernel']!.values;
      values.forEach((v, i) => expect(v).toBe(i % 2 ? kernel.values[i] : 0));
    } finally {
      loaded.network.dispose();
      net.dispose();
    }
  });

  it('should refuse bytes that are not a policy, another version, or masks that fit no weights', () => {
    const net = createQNetwork({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 1 });
    try {
      const spec = { architecture: net.architecture, observationShape: [3], numActions: 2 };
      expect(() => decodePolicy(net.saveWeights())).toThrow(/^policy: expected a "prunerl-policy" file/);
      expect(() => decodePolicy(encodeWeights({}, { format: 'prunerl-policy', version: POLICY_FORMAT_VERSION + 1, spec }))).toThrow(/^policy version: expected version 1/);
      expect(() => decodePolicy(encodeWeights({}, { format: 'prunerl-policy', version: POLICY_FORMAT_VERSION }))).toThrow(StateError);
      expect(() => decodePolicy(new Uint8Array([1, 2, 3]))).toThrow(StateError);
      const mask = { shape: [9], dtype: 'bool' as const, values: new Uint8Array(9) };
      expect(() => encodePolicy({ spec, weights: net.getWeights(), masks: { 'torso/dense1/kernel': mask } })).toThrow(/^masks\.torso\/dense1\/kernel: expected the shape of its weights \[3, 4\]/);
      expect(() => encodePolicy({ spec, weights: net.getWeights(), masks: { nothing: mask } })).toThrow(/expected the name of a parameter among the weights/);
      const unknownTorso = encodePolicy({ spec: { ...spec, architecture: { ...net.architecture, torso: 'transformer' as never } }, weights: {}, masks: {} });
      expect(() => loadPolicy(unknownTorso)).toThrow(StateError);
      const before = tf.memory().numTensors;
      const wrongShape = encodePolicy({ spec: { ...spec, observationShape: [5] }, weights: net.getWeights(), masks: {} });
      expect(() => loadPolicy(wrongShape)).toThrow(ShapeError);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      net.dispose();
    }
  });
});

import { Rng, ShapeError, StateError } from '@prunerl/core';
import { expectNoTensorLeakSync } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { createQNetwork } from './create-q-network';
import type { TorsoHeadNetwork } from './torso-head-network';

const built: TorsoHeadNetwork[] = [];
function network(options: Parameters<typeof createQNetwork>[0]): TorsoHeadNetwork {
  const net = createQNetwork(options);
  built.push(net);
  return net;
}
afterEach(() => {
  built.splice(0).forEach((n) => n.dispose());
});

const value = (net: TorsoHeadNetwork, name: string): tf.Tensor => net.parameters().find((p) => p.name === name)!.variable;
const close = (a: tf.Tensor, b: tf.Tensor, tolerance = 1e-5): void => {
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
  expect(diff).toBeLessThanOrEqual(tolerance);
};
const observations = (shape: number[], seed = 1): tf.Tensor => {
  const rng = Rng.fromSeed(seed).split('obs');
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.uniform()), shape);
};

describe('TorsoHeadNetwork', () => {
  describe('.apply', () => {
    it('should compute a q head as the linear map of the last hidden activation', () => {
      const net = network({ torso: 'mlp', hiddenSizes: [8, 6], observationShape: [5], numActions: 3, seed: 1 });
      tf.tidy(() => {
        const x = observations([4, 5]);
        const acts = net.activations(x);
        expect([...acts.keys()]).toEqual(['torso/dense1', 'torso/dense2']);
        const h = acts.get('torso/dense2')!;
        close(net.apply(x), tf.add(tf.matMul(h as tf.Tensor2D, value(net, 'head/dense/kernel') as tf.Tensor2D), value(net, 'head/dense/bias')));
        // Hand-computed first layer: relu(x W1 + b1).
        close(acts.get('torso/dense1')!, tf.relu(tf.add(tf.matMul(x as tf.Tensor2D, value(net, 'torso/dense1/kernel') as tf.Tensor2D), value(net, 'torso/dense1/bias'))));
      });
    });

    it('should divide the penultimate features by their L2 norm before the head with featureNorm', () => {
      const options = { torso: 'mlp', hiddenSizes: [8, 6], observationShape: [5], numActions: 3, seed: 1 } as const;
      const plain = network(options);
      const normed = network({ ...options, featureNorm: true });
      expect(normed.architecture.featureNorm).toBe(true);
      expect('featureNorm' in plain.architecture).toBe(false);
      tf.tidy(() => {
        const x = observations([4, 5]);
        // Same seed, same weights: the activations agree, only the head's input differs.
        const h = normed.activations(x).get('torso/dense2') as tf.Tensor2D;
        close(h, plain.activations(x).get('torso/dense2')!);
        const unit = tf.div(h, tf.norm(h, 'euclidean', 1, true));
        close(normed.apply(x), tf.add(tf.matMul(unit, value(normed, 'head/dense/kernel') as tf.Tensor2D), value(normed, 'head/dense/bias')));
        // An all-zero feature row (every ReLU off) gives the bias, with finite gradients, not NaN.
        tf.tidy(() => {
          for (const p of normed.parameters()) if (p.layer === 'torso/dense2') p.variable.assign(tf.zerosLike(p.variable));
          close(normed.apply(x), tf.tile(tf.reshape(value(normed, 'head/dense/bias'), [1, 3]), [4, 1]));
          const { grads } = tf.variableGrads(() => tf.sum(normed.apply(x)) as tf.Scalar, normed.parameters().map((p) => p.variable));
          for (const g of Object.values(grads)) expect(Number.isFinite(tf.sum(tf.abs(g)).dataSync()[0]!)).toBe(true);
        });
      });
      expect(() => network({ ...options, featureNorm: 'yes' as never })).toThrow('featureNorm: expected true or false, got "yes".');
    });

    it('should combine dueling streams as V + A - mean(A)', () => {
      const net = network({ torso: 'mlp', head: 'dueling', hiddenSizes: [8], observationShape: [5], numActions: 4, seed: 2 });
      tf.tidy(() => {
        const x = observations([3, 5]);
        const h = net.activations(x).get('torso/dense1') as tf.Tensor2D;
        const a = tf.add(tf.matMul(h, value(net, 'head/advantage/kernel') as tf.Tensor2D), value(net, 'head/advantage/bias'));
        const v = tf.add(tf.matMul(h, value(net, 'head/value/kernel') as tf.Tensor2D), value(net, 'head/value/bias'));
        close(net.apply(x), tf.add(v, tf.sub(a, tf.mean(a, 1, true))));
      });
    });

    it('should return C51 logits [B, A, atoms] with the support from vMin to vMax', () => {
      const net = network({ torso: 'mlp', head: 'c51', numAtoms: 5, vMin: -2, vMax: 6, hiddenSizes: [8], observationShape: [5], numActions: 3, seed: 3 });
      expect(net.head.support).toEqual(Float32Array.from([-2, 0, 2, 4, 6]));
      expect(net.head.numAtoms).toBe(5);
      tf.tidy(() => {
        const x = observations([2, 5]);
        const h = net.activations(x).get('torso/dense1') as tf.Tensor2D;
        const flat = tf.add(tf.matMul(h, value(net, 'head/dense/kernel') as tf.Tensor2D), value(net, 'head/dense/bias'));
        const logits = net.apply(x);
        expect(logits.shape).toEqual([2, 3, 5]);
        // Row-major [A, atoms] per state, as Dopamine's reshape((num_actions, num_atoms)).
        close(logits, tf.reshape(flat, [2, 3, 5]));
      });
    });

    it('should combine dueling C51 per atom', () => {
      const net = network({ torso: 'mlp', head: 'c51', dueling: true, numAtoms: 4, hiddenSizes: [8], observationShape: [5], numActions: 3, seed: 3 });
      tf.tidy(() => {
        const x = observations([2, 5]);
        const h = net.activations(x).get('torso/dense1') as tf.Tensor2D;
        const a = tf.reshape(tf.add(tf.matMul(h, value(net, 'head/advantage/kernel') as tf.Tensor2D), value(net, 'head/advantage/bias')), [2, 3, 4]);
        const v = tf.reshape(tf.add(tf.matMul(h, value(net, 'head/value/kernel') as tf.Tensor2D), value(net, 'head/value/bias')), [2, 1, 4]);
        close(net.apply(x), tf.add(v, tf.sub(a, tf.mean(a, 1, true))));
      });
    });

    it('should embed taus with cos(pi i tau), i = 1..n, and multiply the embedding into the encoder output', () => {
      const net = network({ torso: 'mlp', head: 'quantile', embeddingDim: 6, hiddenSizes: [8, 7], observationShape: [5], numActions: 3, seed: 4 });
      tf.tidy(() => {
        const x = observations([2, 5]);
        const taus = tf.tensor2d([
          [0.1, 0.5, 0.9],
          [0.25, 0.3, 0.75],
        ]);
        const encoded = net.activations(x, { taus }).get('torso/dense1') as tf.Tensor2D;
        // By hand, state b and fraction t at row b*3 + t.
        const cosRows: number[][] = [];
        for (const tau of taus.arraySync().flat()) cosRows.push(Array.from({ length: 6 }, (_, i) => Math.cos(Math.PI * (i + 1) * tau)));
        const phi = tf.relu(tf.add(tf.matMul(tf.tensor2d(cosRows), value(net, 'head/quantile-embedding/kernel') as tf.Tensor2D), value(net, 'head/quantile-embedding/bias')));
        const tiled = tf.reshape(tf.tile(tf.reshape(encoded, [2, 1, 8]), [1, 3, 1]), [6, 8]);
        const merged = tf.mul(tiled, phi);
        const hidden = tf.relu(tf.add(tf.matMul(merged, value(net, 'torso/dense2/kernel') as tf.Tensor2D), value(net, 'torso/dense2/bias')));
        const out = tf.add(tf.matMul(hidden, value(net, 'head/dense/kernel') as tf.Tensor2D), value(net, 'head/dense/bias'));
        const quantiles = net.apply(x, { taus });
        expect(quantiles.shape).toEqual([2, 3, 3]);
        close(quantiles, tf.reshape(out, [2, 3, 3]));
      });
    });

    it('should require taus [B, N] for a quantile head', () => {
      const net = network({ torso: 'mlp', head: 'quantile', hiddenSizes: [8], observationShape: [5], numActions: 3, seed: 4 });
      tf.tidy(() => {
        const x = observations([2, 5]);
        expect(() => net.apply(x)).toThrow(ShapeError);
        expect(() => net.apply(x, { taus: tf.ones([3, 4]) })).toThrow('apply(options.taus)');
      });
    });

    it('should draw factorised NoisyNet noise from its seeded stream, and use the mean weights with noise off', () => {
      const net = network({ torso: 'mlp', noisy: true, noisyHidden: false, hiddenSizes: [8], observationShape: [5], numActions: 3, seed: 5 });
      expect(net.head).toEqual({ kind: 'q', noisy: true });
      tf.tidy(() => {
        const x = observations([4, 5]);
        const h = net.activations(x, { noise: false }).get('torso/dense1') as tf.Tensor2D;
        const mu = tf.add(tf.matMul(h, value(net, 'head/dense/kernel') as tf.Tensor2D), value(net, 'head/dense/bias'));
        close(net.apply(x, { noise: false }), mu);

        // Replay the draws: f(eps_in) for the 8 inputs, then f(eps_out) for the 3 outputs.
        const rng = Rng.fromState(net.noiseState());
        const f = (n: number): Float32Array => Float32Array.from({ length: n }, () => {
          const z = rng.normal();
          return Math.sign(z) * Math.sqrt(Math.abs(z));
        });
        const fIn = f(8);
        const fOut = f(3);
        const epsW = tf.outerProduct(tf.tensor1d(fIn), tf.tensor1d(fOut));
        const w = tf.add(value(net, 'head/dense/kernel'), tf.mul(value(net, 'head/dense/sigma-kernel'), epsW));
        const b = tf.add(value(net, 'head/dense/bias'), tf.mul(value(net, 'head/dense/sigma-bias'), tf.tensor1d(fOut)));
        close(net.apply(x), tf.add(tf.matMul(h, w as tf.Tensor2D), b));
      });
    });

    it('should initialise NoisyNet layers as Dopamine: mu in 1/sqrt(p), sigma = sigma0/sqrt(p)', () => {
      const net = network({ torso: 'mlp', noisy: true, noisySigma0: 0.5, hiddenSizes: [16, 9], observationShape: [5], numActions: 3, seed: 5 });
      const roles = net.parameters().filter((p) => p.layer === 'head/dense').map((p) => p.role);
      expect(roles).toEqual(['kernel', 'bias', 'noise-sigma-kernel', 'noise-sigma-bias']);
      const mu = value(net, 'head/dense/kernel').dataSync();
      expect(Math.max(...Array.from(mu, Math.abs))).toBeLessThanOrEqual(1 / 3);
      expect(new Set(value(net, 'torso/dense2/sigma-bias').dataSync())).toEqual(new Set([Math.fround(0.5 / 4)]));
      expect(new Set(value(net, 'head/dense/sigma-kernel').dataSync())).toEqual(new Set([Math.fround(0.5 / 3)]));
    });

    it('should scale inputs by inputScale (1 by default, whatever the torso) and accept int32 frames', () => {
      const a = network({ torso: 'nature-cnn', width: 0.25, denseUnits: 8, inputScale: 1 / 255, observationShape: [16, 16, 2], numActions: 3, seed: 6, scope: 'a' });
      const b = network({ torso: 'nature-cnn', width: 0.25, denseUnits: 8, observationShape: [16, 16, 2], numActions: 3, seed: 6, scope: 'b' });
      // The scale follows the observation space (the runner passes inputScaleOf(space)), not the torso.
      expect(b.architecture.inputScale).toBe(1);
      tf.tidy(() => {
        const frames = tf.cast(tf.mul(observations([2, 16, 16, 2]), 255), 'int32');
        close(a.apply(frames), b.apply(tf.div(tf.cast(frames, 'float32'), 255)));
      });
    });

    it('should reject observations of the wrong shape with a ShapeError', () => {
      const net = network({ torso: 'minatar-cnn', observationShape: [10, 10, 4], numActions: 6, seed: 0 });
      tf.tidy(() => {
        expect(() => net.apply(tf.zeros([2, 10, 10, 3]))).toThrow(ShapeError);
        expect(() => net.apply(tf.zeros([10, 10, 4]))).toThrow('apply(observations): expected a tensor of shape [batch, 10, 10, 4]');
        expect(() => net.activations(tf.zeros([1, 400]))).toThrow(ShapeError);
      });
    });
  });

  describe('.activations', () => {
    it('should return the post-ReLU output of every hidden layer of the nature-cnn, in forward order', () => {
      const net = network({ torso: 'nature-cnn', width: 0.25, denseUnits: 8, observationShape: [16, 16, 2], numActions: 3, seed: 1 });
      const acts = expectNoTensorLeakSync(() => net.activations(tf.tidy(() => observations([2, 16, 16, 2]))), { allowed: 5 });
      try {
        expect([...acts.keys()]).toEqual(['torso/conv1', 'torso/conv2', 'torso/conv3', 'torso/dense']);
        expect(acts.get('torso/conv1')!.shape).toEqual([2, 4, 4, 8]);
        expect(acts.get('torso/conv3')!.shape).toEqual([2, 2, 2, 16]);
        for (const t of acts.values()) expect(tf.tidy(() => tf.min(t).dataSync()[0])).toBeGreaterThanOrEqual(0);
      } finally {
        tf.dispose([...acts.values()]);
      }
    });

    it('should name the impala ReLUs after the layer whose output they take', () => {
      const net = network({ torso: 'impala', width: 0.25, denseUnits: 8, observationShape: [8, 8, 2], numActions: 3, seed: 1 });
      const x = observations([1, 8, 8, 2]);
      const acts = net.activations(x);
      x.dispose();
      const names = [1, 2, 3].flatMap((s) => {
        const p = `torso/stack${s}`;
        return [`${p}/conv`, `${p}/block1/conv1`, `${p}/block1/conv2`, `${p}/block2/conv1`, ...(s === 3 ? [`${p}/block2/conv2`] : [])];
      });
      expect([...acts.keys()]).toEqual([...names, 'torso/dense']);
      expect(acts.get('torso/stack1/conv')!.shape).toEqual([1, 4, 4, 4]);
      expect(acts.get('torso/stack3/block2/conv2')!.shape).toEqual([1, 1, 1, 8]);
      tf.dispose([...acts.values()]);
    });
  });

  describe('.parameters', () => {
    it('should name the impala parameters hierarchically with roles and layers', () => {
      const net = network({ torso: 'impala', head: 'dueling', numBlocks: 1, stackSizes: [4, 4], observationShape: [8, 8, 2], numActions: 3, seed: 1 });
      expect(net.parameters().map((p) => p.name)).toEqual([
        'torso/stack1/conv/kernel',
        'torso/stack1/conv/bias',
        'torso/stack1/block1/conv1/kernel',
        'torso/stack1/block1/conv1/bias',
        'torso/stack1/block1/conv2/kernel',
        'torso/stack1/block1/conv2/bias',
        'torso/stack2/conv/kernel',
        'torso/stack2/conv/bias',
        'torso/stack2/block1/conv1/kernel',
        'torso/stack2/block1/conv1/bias',
        'torso/stack2/block1/conv2/kernel',
        'torso/stack2/block1/conv2/bias',
        'torso/dense/kernel',
        'torso/dense/bias',
        'head/advantage/kernel',
        'head/advantage/bias',
        'head/value/kernel',
        'head/value/bias',
      ]);
      const dense = net.parameters().find((p) => p.name === 'torso/dense/kernel')!;
      expect(dense.layer).toBe('torso/dense');
      expect(dense.role).toBe('kernel');
      expect(dense.variable.shape).toEqual([2 * 2 * 4, 512]);
    });

    it('should keep tfjs variable names unique when two networks share a scope', () => {
      const a = network({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 0, scope: 'online' });
      const b = network({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 0, scope: 'online' });
      expect(a.parameters()[0]!.variable.name).toBe('online/torso/dense1/kernel');
      expect(b.parameters()[0]!.variable.name).toBe('online_1/torso/dense1/kernel');
      expect(b.parameters()[0]!.name).toBe('torso/dense1/kernel');
    });

    it('should initialise each group with its scheme (DQN: xavier torso, LeCun-normal residual; zero biases)', () => {
      const net = network({ torso: 'impala', stackSizes: [8], numBlocks: 1, denseUnits: 64, observationShape: [8, 8, 8], numActions: 3, seed: 0 });
      const data = (name: string): Float32Array => value(net, name).dataSync() as Float32Array;
      const maxAbs = (v: Float32Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      // Stack conv 3x3x8x8: xavier limit sqrt(6 / (72 + 72)).
      expect(maxAbs(data('torso/stack1/conv/kernel'))).toBeLessThanOrEqual(Math.sqrt(6 / 144));
      // Residual conv: truncated normal, |w| <= 2 sqrt(1/72) / 0.8796 (above the xavier limit).
      const residual = data('torso/stack1/block1/conv1/kernel');
      expect(maxAbs(residual)).toBeLessThanOrEqual((2 * Math.sqrt(1 / 72)) / 0.87962566103423978);
      expect(maxAbs(residual)).toBeGreaterThan(Math.sqrt(6 / 144));
      expect(data('torso/dense/bias').every((b) => b === 0)).toBe(true);
      // C51 defaults to the Rainbow scheme: variance scaling, limit sqrt(sqrt(3) / fanIn).
      const c51 = network({ torso: 'mlp', head: 'c51', hiddenSizes: [64], observationShape: [4], numActions: 2, seed: 0 });
      expect(c51.architecture.init.head).toBe('variance-scaling');
      const limit = Math.sqrt(Math.sqrt(3) / 64);
      expect(maxAbs(value(c51, 'head/dense/kernel').dataSync() as Float32Array)).toBeLessThanOrEqual(limit);
      expect(maxAbs(value(c51, 'head/dense/kernel').dataSync() as Float32Array)).toBeGreaterThan(0.99 * limit);
      // On the Impala encoder the stack convolution stays Xavier (Dopamine's Stack), beside variance scaling.
      const impalaC51 = network({ torso: 'impala', head: 'c51', stackSizes: [8], numBlocks: 1, denseUnits: 64, observationShape: [8, 8, 8], numActions: 2, seed: 0 });
      const stack = maxAbs(value(impalaC51, 'torso/stack1/conv/kernel').dataSync() as Float32Array);
      expect(stack).toBeLessThanOrEqual(Math.sqrt(6 / 144));
      expect(stack).toBeGreaterThan(Math.sqrt(Math.sqrt(3) / 72));
      impalaC51.dispose();
    });
  });

  describe('.copyFrom', () => {
    it('should refuse a network of another architecture with a ShapeError and copy nothing', () => {
      const a = network({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 0 });
      const b = network({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 5, seed: 1 });
      const c = network({ torso: 'mlp', hiddenSizes: [4, 4], observationShape: [3], numActions: 2, seed: 1 });
      const before = a.getWeights();
      expect(() => a.copyFrom(b)).toThrow(ShapeError);
      expect(() => a.copyFrom(c)).toThrow('copyFrom(other)');
      expect(a.getWeights()).toEqual(before);
    });

    it('should keep the copy when the source is trained further', () => {
      const a = network({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 0 });
      const b = network({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 1 });
      b.copyFrom(a);
      const copied = b.getWeights();
      tf.tidy(() => a.parameters().forEach((p) => p.variable.assign(tf.add(p.variable, 1))));
      expect(b.getWeights()).toEqual(copied);
    });
  });

  describe('.saveWeights', () => {
    it('should round-trip the weights through bytes into another network of the architecture', () => {
      const options = { torso: 'minatar-cnn', width: 0.5, denseUnits: 16, head: 'c51', numAtoms: 3, noisy: true, observationShape: [10, 10, 4], numActions: 6 } as const;
      const a = network({ ...options, seed: 0 });
      const b = network({ ...options, seed: 1 });
      const bytes = a.saveWeights();
      expect(bytes.byteLength).toBeGreaterThan(4 * a.countParameters());
      b.loadWeights(bytes);
      expect(b.getWeights()).toEqual(a.getWeights());
      tf.tidy(() => {
        const x = observations([2, 10, 10, 4]);
        close(a.apply(x, { noise: false }), b.apply(x, { noise: false }), 0);
      });
    });

    it('should refuse weights of another architecture and leave the network unchanged', () => {
      const a = network({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 0 });
      const before = a.getWeights();
      const otherActions = network({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 3, seed: 0 }).saveWeights();
      const otherTorso = network({ torso: 'mlp', hiddenSizes: [4, 4], observationShape: [3], numActions: 2, seed: 0 }).saveWeights();
      const dueling = network({ torso: 'mlp', head: 'dueling', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 0 }).saveWeights();
      expect(() => a.loadWeights(otherActions)).toThrow(ShapeError);
      expect(() => a.loadWeights(otherActions)).toThrow('weights.head/dense/kernel: expected a [4, 2] float32 tensor');
      expect(() => a.loadWeights(otherTorso)).toThrow(StateError);
      expect(() => a.loadWeights(dueling)).toThrow(StateError);
      expect(() => a.loadWeights(new Uint8Array(16))).toThrow(StateError);
      expect(a.getWeights()).toEqual(before);
    });
  });

  describe('.dispose', () => {
    it('should free the variables and refuse further use with a StateError', () => {
      const before = tf.memory().numTensors;
      const net = createQNetwork({ torso: 'mlp', hiddenSizes: [4], observationShape: [3], numActions: 2, seed: 0 });
      expect(tf.memory().numTensors).toBe(before + 4);
      net.dispose();
      net.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.tidy(() => expect(() => net.apply(tf.zeros([1, 3]))).toThrow(StateError));
    });
  });
});

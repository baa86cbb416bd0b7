import { ConfigError, Rng, ShapeError } from '@prunerl/core';
import { expectNoTensorLeakSync } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { createQNetwork, type CreateQNetworkOptions } from '../network/create-q-network';
import { QNetworkFactory } from '../network/q-network-factory';
import type { TorsoHeadNetwork } from '../network/torso-head-network';
import { SparseInferenceFactory } from './sparse-inference-factory';
import { SparseInferenceNetwork } from './sparse-inference-network';

/**
 * Sparse inference against the dense tfjs path of the same network: every torso (Impala's residual
 * blocks and pooling included), every head used for acting, feature normalisation, NoisyNet mean
 * weights, at several sparsities; and the decorator's rules (which calls take which path, when it
 * rebuilds, what it delegates).
 */
const TOLERANCE = 1e-5;

const built: TorsoHeadNetwork[] = [];
function network(options: CreateQNetworkOptions): TorsoHeadNetwork {
  const net = createQNetwork(options);
  built.push(net);
  return net;
}
afterEach(() => {
  built.splice(0).forEach((n) => n.dispose());
});

/** Zeroes the smallest-magnitude `sparsity` fraction of every kernel (a pruner's masks, in effect). */
function prune(net: TorsoHeadNetwork, sparsity: number): void {
  tf.tidy(() => {
    for (const p of net.parameters()) {
      if (p.role !== 'kernel') continue;
      const values = p.variable.dataSync() as Float32Array;
      const cut = Float32Array.from(values, Math.abs).sort()[Math.floor(sparsity * values.length)] ?? Infinity;
      p.variable.assign(tf.tensor(Float32Array.from(values, (v) => (Math.abs(v) < cut ? 0 : v)), p.variable.shape));
    }
  });
}

/** Observations in MinAtar's style (sparse 0/1 grids) or Atari's (0..255 bytes), or floats. */
function observations(shape: readonly number[], batch: number, kind: 'grid' | 'bytes' | 'float', seed = 3): tf.Tensor {
  const rng = Rng.fromSeed(seed).split('obs');
  const size = batch * shape.reduce((a, b) => a * b, 1);
  if (kind === 'bytes') return tf.tensor(Uint8Array.from({ length: size }, () => rng.uniformInt(0, 256)), [batch, ...shape], 'int32');
  if (kind === 'grid') return tf.tensor(Float32Array.from({ length: size }, () => (rng.uniform() < 0.15 ? 1 : 0)), [batch, ...shape]);
  return tf.tensor(rng.fillNormal(new Float32Array(size)), [batch, ...shape]);
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

interface Case {
  readonly label: string;
  readonly options: CreateQNetworkOptions;
  readonly kind: 'grid' | 'bytes' | 'float';
  readonly taus?: number;
}

const grid = [10, 10, 4];
const CASES: readonly Case[] = [
  { label: 'mlp, q head', options: { torso: 'mlp', hiddenSizes: [24, 16], observationShape: [7], numActions: 4, seed: 1 }, kind: 'float' },
  { label: 'minatar-cnn, q head', options: { torso: 'minatar-cnn', observationShape: grid, numActions: 6, seed: 2 }, kind: 'grid' },
  { label: 'minatar-cnn x2, dueling head', options: { torso: 'minatar-cnn', width: 2, head: 'dueling', observationShape: grid, numActions: 6, seed: 3 }, kind: 'grid' },
  { label: 'impala (residual blocks, pooling), q head', options: { torso: 'impala', observationShape: grid, numActions: 6, seed: 4 }, kind: 'grid' },
  { label: 'impala with 3 blocks and odd sizes, c51 head', options: { torso: 'impala', stackSizes: [5, 7], numBlocks: 3, head: 'c51', numAtoms: 11, observationShape: [9, 7, 3], numActions: 3, seed: 5 }, kind: 'float' },
  { label: 'nature-cnn same (strides 4 and 2), q head', options: { torso: 'nature-cnn', width: 0.25, inputScale: 1 / 255, observationShape: [36, 36, 4], numActions: 5, seed: 6 }, kind: 'bytes' },
  { label: 'nature-cnn valid, dueling c51 head', options: { torso: 'nature-cnn', width: 0.25, padding: 'valid', head: 'c51', dueling: true, numAtoms: 5, inputScale: 1 / 255, observationShape: [40, 38, 2], numActions: 4, seed: 7 }, kind: 'bytes' },
  { label: 'minatar-cnn, quantile head (IQN)', options: { torso: 'minatar-cnn', head: 'quantile', embeddingDim: 16, observationShape: grid, numActions: 6, seed: 8 }, kind: 'grid', taus: 5 },
  { label: 'impala, quantile head (IQN)', options: { torso: 'impala', width: 0.5, head: 'quantile', embeddingDim: 8, observationShape: [6, 6, 2], numActions: 3, seed: 9 }, kind: 'float', taus: 3 },
  { label: 'mlp with feature normalisation, dueling head', options: { torso: 'mlp', hiddenSizes: [16, 16, 8], featureNorm: true, head: 'dueling', observationShape: [5], numActions: 3, seed: 10 }, kind: 'float' },
  { label: 'impala with feature normalisation, q head', options: { torso: 'impala', width: 0.5, featureNorm: true, observationShape: grid, numActions: 6, seed: 11 }, kind: 'grid' },
  { label: 'minatar-cnn, noisy c51 head (mean weights)', options: { torso: 'minatar-cnn', head: 'c51', numAtoms: 7, noisy: true, observationShape: grid, numActions: 6, seed: 12 }, kind: 'grid' },
];

describe('SparseInferenceNetwork', () => {
  describe('.apply', () => {
    describe.each(CASES)('$label', ({ options, kind, taus }) => {
      it.each([0, 0.5, 0.95])('should match the dense path at sparsity %f', (sparsity) => {
        const net = network(options);
        prune(net, sparsity);
        const sparse = new SparseInferenceNetwork(net, { threshold: 0 });
        const noise = options.noisy ? { noise: false } : {};
        tf.tidy(() => {
          const x = observations(options.observationShape, 3, kind);
          const apply = taus ? { taus: tf.tensor2d(Rng.fromSeed(1).fillNormal(new Float32Array(3 * taus)).map((v) => 1 / (1 + Math.exp(-v))), [3, taus]), ...noise } : noise;
          const dense = net.apply(x, apply);
          const fast = sparse.apply(x, apply);
          expect(sparse.stats().sparseCalls).toBe(1);
          expect(maxAbsDiff(fast, dense)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, tf.max(tf.abs(dense)).dataSync()[0]!));
        });
        expect(sparse.stats().sparsity).toBeCloseTo(sparsity, 1);
      });
    });

    it('should run the dense path under gradient recording, for large batches and below the threshold', () => {
      const net = network({ torso: 'minatar-cnn', observationShape: grid, numActions: 6, seed: 1 });
      const sparse = new SparseInferenceNetwork(net, { threshold: 0.9, maxBatch: 4 });
      tf.tidy(() => {
        const x = observations(grid, 2, 'grid');
        sparse.apply(x);
        expect(sparse.stats()).toMatchObject({ sparseCalls: 0, denseCalls: 1, builds: 1, active: false });
        prune(net, 0.95);
        sparse.apply(x);
        expect(sparse.stats()).toMatchObject({ sparseCalls: 1, builds: 2, active: true });
        sparse.apply(observations(grid, 5, 'grid'));
        const variables = net.parameters().map((p) => p.variable);
        const { grads } = tf.variableGrads(() => tf.sum(sparse.apply(x)) as tf.Scalar, variables);
        expect(Object.keys(grads)).toHaveLength(variables.length);
        expect(sparse.stats()).toMatchObject({ sparseCalls: 1, denseCalls: 3 });
      });
    });

    it('should use the dense path when NoisyNet noise is drawn', () => {
      const net = network({ torso: 'mlp', hiddenSizes: [8], noisy: true, observationShape: [3], numActions: 2, seed: 1 });
      const sparse = new SparseInferenceNetwork(net, { threshold: 0 });
      tf.tidy(() => {
        sparse.apply(observations([3], 1, 'float'));
        sparse.apply(observations([3], 1, 'float'), { noise: false });
      });
      expect(sparse.stats()).toMatchObject({ sparseCalls: 1, denseCalls: 1 });
    });

    it('should rebuild after a weight changes (on-change), and only on refresh() when manual', () => {
      const options = { torso: 'mlp', hiddenSizes: [8], observationShape: [3], numActions: 2, seed: 1 } as const;
      const net = network(options);
      const auto = new SparseInferenceNetwork(net, { threshold: 0 });
      const manual = new SparseInferenceNetwork(network(options), { threshold: 0, rebuild: 'manual' });
      tf.tidy(() => {
        const x = observations([3], 2, 'float');
        auto.apply(x);
        auto.apply(x);
        expect(auto.stats().builds).toBe(1);
        const bias = net.parameters().find((p) => p.name === 'head/dense/bias')!.variable;
        bias.assign(tf.add(bias, 1));
        expect(maxAbsDiff(auto.apply(x), net.apply(x))).toBeLessThanOrEqual(TOLERANCE);
        expect(auto.stats().builds).toBe(2);
        // Manual: no build until refresh(), so the first calls stay dense.
        manual.apply(x);
        expect(manual.stats()).toMatchObject({ builds: 0, denseCalls: 1 });
        manual.refresh();
        manual.apply(x);
        expect(manual.stats()).toMatchObject({ builds: 1, sparseCalls: 1 });
      });
    });

    it('should leak no tensors and take any numeric observation dtype', () => {
      const net = network({ torso: 'impala', width: 0.5, observationShape: grid, numActions: 6, seed: 2 });
      prune(net, 0.9);
      const sparse = new SparseInferenceNetwork(net);
      const x = observations(grid, 2, 'grid');
      const bytes = tf.cast(x, 'int32');
      sparse.apply(x).dispose(); // the first call builds the sparse weights
      expectNoTensorLeakSync(() => {
        tf.tidy(() => {
          expect(maxAbsDiff(sparse.apply(bytes), net.apply(x))).toBeLessThanOrEqual(TOLERANCE);
        });
      });
      tf.dispose([x, bytes]);
    });

    it('should refuse observations of another shape as the wrapped network does (a ShapeError)', () => {
      const net = network({ torso: 'mlp', hiddenSizes: [8], observationShape: [3], numActions: 2, seed: 1 });
      prune(net, 0.9);
      const sparse = new SparseInferenceNetwork(net, { threshold: 0 });
      tf.tidy(() => {
        expect(() => sparse.apply(observations([4], 2, 'float'))).toThrow(ShapeError);
        expect(() => sparse.apply(observations([3, 1], 2, 'float'))).toThrow(ShapeError);
        expect(sparse.apply(observations([3], 2, 'float')).shape).toEqual([2, 2]);
      });
      expect(sparse.stats().sparseCalls).toBe(1);
    });

    it('should demand taus of the batch size for a quantile head', () => {
      const net = network({ torso: 'mlp', hiddenSizes: [8], head: 'quantile', embeddingDim: 4, observationShape: [3], numActions: 2, seed: 1 });
      const sparse = new SparseInferenceNetwork(net, { threshold: 0 });
      tf.tidy(() => {
        expect(() => sparse.apply(observations([3], 2, 'float'))).toThrow(ShapeError);
        expect(() => sparse.apply(observations([3], 2, 'float'), { taus: tf.ones([3, 4]) })).toThrow(ShapeError);
      });
    });
  });

  describe('QNetwork delegation', () => {
    it('should expose the wrapped network parameters, copy, activations and dispose', () => {
      const factory = new QNetworkFactory({ torso: 'mlp', hiddenSizes: [6] });
      const sparseFactory = new SparseInferenceFactory(factory, { threshold: 0 });
      expect(sparseFactory.head).toBe(factory.head);
      const a = sparseFactory.create({ observationShape: [3], numActions: 2, seed: 1, scope: 'a' });
      const b = sparseFactory.create({ observationShape: [3], numActions: 2, seed: 2, scope: 'b' });
      expect(a).toBeInstanceOf(SparseInferenceNetwork);
      expect(a.parameters()).toBe(a.inner.parameters());
      expect(a.countParameters()).toBe(a.inner.countParameters());
      expect(a.observationShape).toEqual([3]);
      expect(a.numActions).toBe(2);
      b.copyFrom(a);
      tf.tidy(() => {
        const x = observations([3], 2, 'float');
        expect(maxAbsDiff(b.apply(x), a.apply(x))).toBe(0);
        expect([...a.activations(x).keys()]).toEqual(['torso/dense1']);
      });
      a.dispose();
      b.dispose();
      expect(() => a.inner.apply(tf.zeros([1, 3]))).toThrow();
    });

    it("should be every network's inference view: one per network, following its weights, going with it", () => {
      const net = network({ torso: 'minatar-cnn', observationShape: grid, numActions: 6, seed: 13 });
      const view = net.inferenceView();
      expect(view).toBeInstanceOf(SparseInferenceNetwork);
      expect(view.inner).toBe(net);
      expect(net.inferenceView()).toBe(view);
      expect(view.inferenceView()).toBe(view);
      tf.tidy(() => {
        const x = observations(grid, 2, 'grid');
        expect(maxAbsDiff(view.apply(x), net.apply(x))).toBe(0); // dense weights: the dense path
        prune(net, 0.95);
        expect(maxAbsDiff(view.apply(x), net.apply(x))).toBeLessThanOrEqual(TOLERANCE);
      });
      expect(view.stats()).toMatchObject({ sparseCalls: 1, denseCalls: 1, builds: 2, active: true });
      net.dispose();
      expect(() => view.apply(tf.zeros([1, ...grid]))).toThrow();
    });

    it('should reject bad options with ConfigErrors', () => {
      const net = network({ torso: 'mlp', hiddenSizes: [4], observationShape: [2], numActions: 2, seed: 1 });
      expect(() => new SparseInferenceNetwork(net, { threshold: 2 })).toThrow(ConfigError);
      expect(() => new SparseInferenceNetwork(net, { maxBatch: 0 })).toThrow(ConfigError);
      expect(() => new SparseInferenceNetwork(net, { rebuild: 'always' as never })).toThrow(ConfigError);
      expect(() => new SparseInferenceNetwork(net, { thresold: 0.5 } as never)).toThrow(ConfigError);
    });
  });
});

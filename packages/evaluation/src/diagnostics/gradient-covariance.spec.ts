import type { Batch } from '@prunerl/core';
import { ConfigError, ShapeError } from '@prunerl/core';
import { expectNoTensorLeakSync, HandBuiltNetwork } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { gradientCovariance, tdGradientCovariance, tdTargets } from './gradient-covariance';

const W = [
  [0.5, -1],
  [2, 0.25],
];
const B = [0.1, -0.2];
const xs = [
  [1, 0],
  [0, 1],
  [1, 1],
  [2, 0],
];
const actions = [0, 0, 1, 0];
const targets = [1, -2, 0.5, 3];

/** d/dtheta (Q(x, a) - y)^2 for Q = x W + b, flattened as [W row-major, b]: 2 delta [x (x) e_a, e_a]. */
function analyticGradient(i: number): number[] {
  const x = xs[i]!;
  const a = actions[i]!;
  const q = x[0]! * W[0]![a]! + x[1]! * W[1]![a]! + B[a]!;
  const delta = 2 * (q - targets[i]!);
  const g = [0, 0, 0, 0, 0, 0];
  g[0 * 2 + a] = delta * x[0]!;
  g[1 * 2 + a] = delta * x[1]!;
  g[4 + a] = delta;
  return g;
}

function cosine(u: number[], v: number[]): number {
  const dot = u.reduce((s, x, i) => s + x * v[i]!, 0);
  const nu = Math.sqrt(u.reduce((s, x) => s + x * x, 0));
  const nv = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return dot / (nu * nv);
}

describe('tdGradientCovariance', () => {
  it('should match the cosine similarities of hand-derived per-sample TD gradients', () => {
    const network = HandBuiltNetwork.fromWeights([{ kernel: W, bias: B }]);
    const observations = tf.tensor2d(xs);
    const result = expectNoTensorLeakSync(() => tdGradientCovariance(network, { observations, actions, targets }, 4));
    expect(result.k).toBe(4);
    const grads = [0, 1, 2, 3].map(analyticGradient);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) expect(result.matrix[i * 4 + j]).toBeCloseTo(cosine(grads[i]!, grads[j]!), 5);
    }
    // Sample 2 acts with action 1, the others with action 0: disjoint gradient supports.
    expect(result.matrix[0 * 4 + 2]).toBe(0);
    let off = 0;
    let offAbs = 0;
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        if (i === j) continue;
        off += result.matrix[i * 4 + j]!;
        offAbs += Math.abs(result.matrix[i * 4 + j]!);
      }
    }
    expect(result.meanOffDiagonal).toBeCloseTo(off / 12, 12);
    expect(result.meanAbsOffDiagonal).toBeCloseTo(offAbs / 12, 12);
    network.dispose();
    observations.dispose();
  });

  it('should zero masked gradient entries', () => {
    const network = HandBuiltNetwork.fromWeights([{ kernel: W, bias: B }]);
    const observations = tf.tensor2d(xs);
    // Mask out the bias entirely: samples 0 and 3 then have parallel gradients (cosine +-1).
    const masks = new Map([['head/dense/bias', tf.zeros([2])]]);
    const result = tdGradientCovariance(network, { observations, actions, targets }, 4, { masks });
    expect(Math.abs(result.matrix[0 * 4 + 3]!)).toBeCloseTo(1, 6);
    expect(result.matrix[0 * 4 + 1]).toBe(0); // x0 = [1, 0] vs x1 = [0, 1]: orthogonal without the bias
    network.dispose();
    observations.dispose();
    masks.get('head/dense/bias')!.dispose();
  });

  it('should reject k above the batch and non-Q heads', () => {
    const network = HandBuiltNetwork.fromWeights([{ kernel: W, bias: B }]);
    const observations = tf.tensor2d(xs);
    expect(() => tdGradientCovariance(network, { observations, actions, targets }, 5)).toThrow(ShapeError);
    const c51 = HandBuiltNetwork.fromWeights([{ kernel: W, bias: B }], { head: { kind: 'c51' } });
    expect(() => tdGradientCovariance(c51, { observations, actions, targets }, 2)).toThrow(ConfigError);
    network.dispose();
    c51.dispose();
    observations.dispose();
  });
});

describe('gradientCovariance', () => {
  it('should give 0 for samples whose gradient vanishes', () => {
    const network = HandBuiltNetwork.fromWeights([{ kernel: W, bias: B }]);
    const v = network.parameters()[0]!.variable;
    const result = gradientCovariance(network, (i) => (i === 0 ? tf.mul(tf.sum(v), 0) : tf.sum(v)) as tf.Scalar, 2);
    expect(Array.from(result.matrix)).toEqual([0, 0, 0, 1]);
    network.dispose();
  });
});

describe('tdTargets', () => {
  it('should bootstrap r + discount * max_a Q(next, a)', () => {
    const network = HandBuiltNetwork.fromWeights([{ kernel: W, bias: B }]);
    const batch: Batch = {
      batchSize: 2,
      observationShape: [2],
      observationDtype: 'float32',
      observations: Float32Array.from([1, 0, 0, 1]),
      nextObservations: Float32Array.from([1, 0, 0, 1]),
      actions: Int32Array.from([0, 1]),
      rewards: Float32Array.from([1, 2]),
      discounts: Float32Array.from([0.5, 0]),
      indices: Int32Array.from([0, 1]),
      weights: Float32Array.from([1, 1]),
      probabilities: Float32Array.from([0.5, 0.5]),
    };
    // Q([1, 0]) = [0.6, -1.2] -> max 0.6; second transition terminated.
    const y = expectNoTensorLeakSync(() => tdTargets(network, batch));
    expect(y[0]).toBeCloseTo(1 + 0.5 * 0.6, 6);
    expect(y[1]).toBe(2);
    network.dispose();
  });
});

import type { Parameter, QNetwork } from '@prunerl/core';
import { ConfigError, ShapeError } from '@prunerl/core';
import { expectNoTensorLeakSync, HandBuiltNetwork } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { featureSrank } from './feature-srank';
import { parameterNorms } from './parameter-norm';
import { parameterSparsity } from './parameter-sparsity';
import { qValueStatistics, qValueStatisticsOf } from './q-value-statistics';
import { qValues } from './q-values';

function parameter(name: string, values: tf.Tensor, role: 'kernel' | 'bias'): Parameter {
  return { name, variable: tf.variable(values, true, `${name}-${Math.random()}`), role, layer: name.split('/')[0]! };
}

describe('parameterNorms', () => {
  it('should give the global and per-parameter L2 norms', () => {
    const params = [parameter('a/kernel', tf.tensor2d([[3], [4]]), 'kernel'), parameter('a/bias', tf.tensor1d([12]), 'bias')];
    const norms = expectNoTensorLeakSync(() => parameterNorms(params));
    expect(norms.norm).toBeCloseTo(13, 6);
    expect(norms.parameters).toEqual([
      { name: 'a/kernel', norm: 5 },
      { name: 'a/bias', norm: 12 },
    ]);
    expect(parameterNorms(params, (p) => p.role === 'kernel').norm).toBeCloseTo(5, 6);
    params.forEach((p) => p.variable.dispose());
  });
});

describe('parameterSparsity', () => {
  it('should count exact zeros per tensor, over prunable tensors and over everything', () => {
    const params = [
      parameter('a/kernel', tf.tensor2d([[0, 1, 0], [2, 0, 3]]), 'kernel'),
      parameter('a/bias', tf.tensor1d([0, 1]), 'bias'),
      parameter('b/kernel', tf.tensor2d([[1e-30, 0]]), 'kernel'),
    ];
    const s = expectNoTensorLeakSync(() => parameterSparsity(params));
    expect(s.parameters.map((p) => [p.name, p.nonzero, p.size, p.sparsity, p.prunable])).toEqual([
      ['a/kernel', 3, 6, 0.5, true],
      ['a/bias', 1, 2, 0.5, false],
      ['b/kernel', 1, 2, 0.5, true], // a tiny weight is not a pruned weight
    ]);
    expect(s.prunable).toBe(1 - 4 / 8);
    expect(s.total).toBe(1 - 5 / 10);
    expect(s.size).toBe(10);
    params.forEach((p) => p.variable.dispose());
  });
});

describe('qValueStatisticsOf', () => {
  it('should compute QNorm, QVariance (over states, per action) and the variance over actions', () => {
    // Q = [[1, 2], [3, 6]]
    const s = qValueStatisticsOf([1, 2, 3, 6], 2, 2);
    expect(s.qNorm).toBeCloseTo((Math.sqrt(5) + Math.sqrt(45)) / 2, 14);
    expect(s.qVariance).toBe(2.5); // var(1, 3) = 1, var(2, 6) = 4
    expect(s.qVarianceAcrossActions).toBe(1.25); // var(1, 2) = 0.25, var(3, 6) = 2.25
    expect(s.qMean).toBe(3);
    expect(s.qMaxMean).toBe(4);
  });

  it('should reject a value count that does not match the shape', () => {
    expect(() => qValueStatisticsOf([1, 2, 3], 2, 2)).toThrow(ShapeError);
  });
});

describe('qValueStatistics', () => {
  it('should read the Q values of a network', () => {
    const network = HandBuiltNetwork.fromWeights([{ kernel: [[1, 2]], bias: [0, 0] }]);
    const observations = tf.tensor2d([[1], [3]]);
    const s = expectNoTensorLeakSync(() => qValueStatistics(network, observations));
    expect(s.qVariance).toBeCloseTo(2.5, 6);
    expect(s.qMaxMean).toBeCloseTo(4, 6);
    network.dispose();
    observations.dispose();
  });
});

describe('qValues', () => {
  function fakeHead(head: QNetwork['head'], output: () => tf.Tensor): QNetwork {
    return {
      observationShape: [1],
      numActions: 2,
      head,
      apply: (_obs, options) => {
        if (head.kind === 'quantile') expect(options?.taus?.shape).toEqual([1, 32]);
        return output();
      },
      activations: () => new Map(),
      parameters: () => [],
      copyFrom: () => undefined,
      countParameters: () => 0,
      dispose: () => undefined,
    };
  }

  it('should take the expectation over the support for a C51 head', () => {
    // Two atoms at -1 and 3; logits give probabilities (0.5, 0.5) and (0.25, 0.75) -> Q = 1 and 2.
    const network = fakeHead({ kind: 'c51', numAtoms: 2, support: Float32Array.from([-1, 3]) }, () => tf.tensor3d([[[0, 0], [0, Math.log(3)]]]));
    const obs = tf.zeros([1, 1]);
    const q = qValues(network, obs);
    expect(Array.from(q.dataSync()).map((v) => Number(v.toFixed(5)))).toEqual([1, 2]);
    q.dispose();
    obs.dispose();
  });

  it('should average the quantiles of an IQN head over 32 fixed fractions', () => {
    const quantiles = Float32Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? Math.floor(i / 2) : 10));
    const network = fakeHead({ kind: 'quantile' }, () => tf.tensor3d(quantiles, [1, 32, 2]));
    const obs = tf.zeros([1, 1]);
    const q = qValues(network, obs);
    expect(Array.from(q.dataSync())).toEqual([15.5, 10]);
    q.dispose();
    obs.dispose();
  });

  it('should reject unknown heads', () => {
    const network = fakeHead({ kind: 'mystery' }, () => tf.zeros([1, 2]));
    expect(() => qValues(network, tf.zeros([1, 1]))).toThrow(ConfigError);
  });
});

describe('featureSrank', () => {
  it('should compute the SRank of the last hidden layer: rank 2 features of a 3-unit layer', () => {
    // Penultimate units: v0 = relu(x0), v1 = relu(x1), v2 = relu(x0) (a copy): rank 2 on positive inputs.
    const network = HandBuiltNetwork.fromWeights([
      { kernel: [[1, 0, 1], [0, 1, 0]], bias: [0, 0, 0] },
      { kernel: [[1], [1], [1]], bias: [0] },
    ]);
    const observations = tf.tensor2d([
      [1, 2],
      [3, 1],
      [2, 2],
      [5, 4],
    ]);
    const result = expectNoTensorLeakSync(() => featureSrank(network, observations, { delta: 1e-6 }));
    expect(result.layer).toBe('torso/dense0');
    expect(result.shape).toEqual([4, 3]);
    expect(result.srank).toBe(2);
    expect(result.singularValues[2]).toBe(0);
    expect(() => featureSrank(network, observations, { layer: 'nope' })).toThrow(ConfigError);
    network.dispose();
    observations.dispose();
  });
});

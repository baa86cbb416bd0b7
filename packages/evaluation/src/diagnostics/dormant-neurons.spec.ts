import { ConfigError, ShapeError } from '@prunerl/core';
import { expectNoTensorLeakSync, HandBuiltNetwork } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { dormantNeurons, neuronScores } from './dormant-neurons';

/**
 * Hidden layer 1 (5 units, inputs ignored by zero weights except unit 3):
 *  u0 bias -1 (always 0 after ReLU), u1 bias 0 (always 0), u2 bias 0.03, u3 x0 + 1, u4 bias 1.
 * Hidden layer 2 (3 units on layer 1): v0 = u4, v1 = -u4 (dead), v2 = u3.
 */
function handBuilt(): HandBuiltNetwork {
  return HandBuiltNetwork.fromWeights([
    {
      kernel: [
        [0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0],
      ],
      bias: [-1, 0, 0.03, 1, 1],
    },
    {
      kernel: [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 1],
        [1, -1, 0],
      ],
      bias: [0, 0, 0],
    },
    { kernel: [[1, 0], [0, 1], [1, 1]], bias: [0, 0] },
  ]);
}

describe('neuronScores', () => {
  it('should normalise the mean absolute activation by the layer mean (Sokar et al. Def. 3.1)', () => {
    const scores = neuronScores(tf.tensor2d([[1, -2], [3, 0]]));
    // E|h| = [2, 1], layer mean 1.5
    expect(scores[0]).toBeCloseTo(2 / 1.5, 6);
    expect(scores[1]).toBeCloseTo(1 / 1.5, 6);
  });

  it('should treat each conv channel (last axis) as one neuron, averaging batch and space', () => {
    // [batch 2, 2x2 space, 3 channels]: channel 0 is |1| everywhere, channel 1 zero, channel 2 |2| at one cell.
    const values = new Float32Array(2 * 2 * 2 * 3);
    for (let i = 0; i < 8; i++) values[i * 3] = i % 2 === 0 ? 1 : -1;
    values[2] = 2 * 8; // one cell of channel 2 carries 16 -> mean 2 over 8 cells
    const scores = neuronScores(tf.tensor4d(values, [2, 2, 2, 3]));
    // E|h| = [1, 0, 2], mean 1
    expect(Array.from(scores).map((s) => Number(s.toFixed(6)))).toEqual([1, 0, 2]);
  });

  it('should reject rank-1 activations', () => {
    expect(() => neuronScores(tf.tensor1d([1, 2]))).toThrow(ShapeError);
  });
});

describe('dormantNeurons', () => {
  it('should find exactly the dead neurons at tau = 0 and the nearly dead ones at tau = 0.1', () => {
    const network = handBuilt();
    const observations = tf.tensor2d([
      [0, 5],
      [2, -1],
      [4, 0],
      [1, 1],
    ]);
    const [at01, at0] = expectNoTensorLeakSync(() => dormantNeurons(network, observations));
    // Layer 1: E|h| = [0, 0, 0.03, 1 + mean(x0) = 2.75, 1], mean 0.756: u2 scores 0.0397 <= 0.1.
    expect(at0!.tau).toBe(0);
    expect(at0!.layers.map((l) => [l.layer, l.dormant, l.neurons])).toEqual([
      ['torso/dense0', 2, 5],
      ['torso/dense1', 1, 3],
    ]);
    expect(at0!.dormant).toBe(3);
    expect(at0!.neurons).toBe(8);
    expect(at0!.fraction).toBe(3 / 8);
    expect(at01!.tau).toBe(0.1);
    expect(at01!.layers.map((l) => l.dormant)).toEqual([3, 1]);
    expect(at01!.fraction).toBe(4 / 8);
    network.dispose();
    observations.dispose();
  });

  it('should follow the configured thresholds and layer filter', () => {
    const network = handBuilt();
    const observations = tf.tensor2d([[1, 1]]);
    const reports = dormantNeurons(network, observations, { thresholds: [0, 0.5, 10], includeLayer: (name) => name === 'torso/dense1' });
    expect(reports.map((r) => r.tau)).toEqual([0, 0.5, 10]);
    expect(reports.map((r) => r.neurons)).toEqual([3, 3, 3]);
    expect(reports[2]!.fraction).toBe(1); // every score is <= 10
    expect(() => dormantNeurons(network, observations, { thresholds: [-1] })).toThrow(ConfigError);
    network.dispose();
    observations.dispose();
  });
});

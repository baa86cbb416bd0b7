import * as tf from '@tensorflow/tfjs-core';
import { scaledLogSoftmax } from './scaled-log-softmax';
import { temperatureSoftmax } from './temperature-softmax';

describe('scaledLogSoftmax', () => {
  it('should equal temperature * log softmax(q / temperature) along the last axis', () => {
    const q = [
      [1, 2, -1],
      [0.5, 0.5, 0.5],
    ];
    const out = scaledLogSoftmax(tf.tensor2d(q), 0.7).arraySync() as number[][];
    q.forEach((row, b) => {
      const lse = Math.log(row.reduce((a, x) => a + Math.exp(x / 0.7), 0));
      row.forEach((x, a) => expect(out[b]![a]).toBeCloseTo(0.7 * (x / 0.7 - lse), 5));
    });
  });

  it('should stay finite for large values at a small temperature', () => {
    const out = Array.from(scaledLogSoftmax(tf.tensor2d([[1000, 999]]), 0.03).dataSync());
    expect(out[0]).toBeCloseTo(-0.03 * Math.log1p(Math.exp(-1 / 0.03)), 6);
    expect(out[1]).toBeCloseTo(-1 - 0.03 * Math.log1p(Math.exp(-1 / 0.03)), 4);
  });
});

describe('temperatureSoftmax', () => {
  it('should equal softmax(q / temperature) and sum to 1', () => {
    const out = Array.from(temperatureSoftmax(tf.tensor2d([[0, Math.log(3)]]), 1).dataSync());
    expect(out[0]).toBeCloseTo(0.25, 6);
    expect(out[1]).toBeCloseTo(0.75, 6);
    const sharp = Array.from(temperatureSoftmax(tf.tensor2d([[500, 0, -500]]), 0.03).dataSync());
    expect(sharp).toEqual([1, 0, 0]);
  });
});

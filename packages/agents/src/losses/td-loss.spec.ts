import * as tf from '@tensorflow/tfjs-core';
import { tdLoss } from './td-loss';

describe('tdLoss', () => {
  const targets = [0, 1, -2, 3];
  const predictions = [0.5, 1, 1, -0.5];

  it('should be the plain squared error for mse', () => {
    const loss = tdLoss('mse', tf.tensor1d(targets), tf.tensor1d(predictions));
    expect(Array.from(loss.dataSync())).toEqual([0.25, 0, 9, 12.25]);
  });

  it('should be quadratic below delta and linear above for huber', () => {
    const loss = tdLoss('huber', tf.tensor1d(targets), tf.tensor1d(predictions), 1);
    // x = 0.5, 0, 3, 3.5 -> 0.125, 0, 0.5 + 2, 0.5 + 2.5
    Array.from(loss.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0.125, 0, 2.5, 3][i]!, 6));
    const wide = tdLoss('huber', tf.tensor1d([0]), tf.tensor1d([3]), 2);
    // 0.5 * 4 + 2 * 1
    expect(wide.dataSync()[0]).toBeCloseTo(4, 6);
  });

  it('should give the clipped gradient of the Huber loss', () => {
    const g = tf.grad((p: tf.Tensor) => tf.sum(tdLoss('huber', tf.tensor1d(targets), p)))(tf.tensor1d(predictions));
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0.5, 0, 1, -1][i]!, 6));
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { cqlTerm } from './cql-term';

describe(cqlTerm.name, () => {
  it('should be logsumexp_a Q(s, a) - Q(s, a_data) per sample (hand-computed)', () => {
    const values = tf.tidy(() => cqlTerm(tf.tensor2d([[1, 2, 3], [0, 0, 0], [-5, 10, 0]]), tf.tensor1d([2, 1, 0], 'int32')).arraySync());
    // log(e^1 + e^2 + e^3) - 3 = log(1 + e^-1 + e^-2); log 3 - 0; log(e^-5 + e^10 + 1) + 5.
    expect(values[0]).toBeCloseTo(Math.log(1 + Math.exp(-1) + Math.exp(-2)), 5);
    expect(values[1]).toBeCloseTo(Math.log(3), 5);
    expect(values[2]).toBeCloseTo(10 + Math.log(1 + Math.exp(-15) + Math.exp(-10)) + 5, 4);
    // Never negative: the log-sum-exp bounds every Q value from above.
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  });

  it('should have the gradient softmax(Q) - onehot(a_data) in the Q values', () => {
    const q = tf.tensor2d([[1, 2, 3]]);
    const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(cqlTerm(x, tf.tensor1d([0], 'int32'))))(q).arraySync() as number[][]);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(grad[0]![0]).toBeCloseTo(Math.exp(1) / z - 1, 5);
    expect(grad[0]![1]).toBeCloseTo(Math.exp(2) / z, 5);
    expect(grad[0]![2]).toBeCloseTo(Math.exp(3) / z, 5);
    q.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { actorLoss, softTdTargets, temperatureLoss, twinCriticLoss } from './sac-losses';

describe(temperatureLoss, () => {
  it('should be -mean(log alpha * (log pi + target entropy)), with gradient -mean(log pi + target entropy)', () => {
    const logAlpha = tf.variable(tf.scalar(0.3));
    const logProb = tf.tensor1d([-1, 0.5]);
    // Target entropy -1: log pi + H = [-2, -0.5], mean -1.25; loss = -0.3 * -1.25 = 0.375.
    const { value, grads } = tf.variableGrads(() => temperatureLoss(logAlpha, logProb, -1), [logAlpha]);
    expect(value.dataSync()[0]).toBeCloseTo(0.375, 6);
    // The policy's entropy (-mean log pi = 0.25) is above the target (-1): the gradient is positive,
    // so gradient descent lowers alpha.
    expect(grads[logAlpha.name]!.dataSync()[0]).toBeCloseTo(1.25, 6);
    tf.dispose([logAlpha, logProb, value, ...Object.values(grads)]);
  });
});

describe(softTdTargets, () => {
  it('should be scale * r + discount * (min(Q1, Q2) - alpha log pi)', () => {
    const y = softTdTargets(tf.tensor1d([1, -2]), tf.tensor1d([0.99, 0]), tf.tensor1d([5, 3]), tf.tensor1d([4, 7]), tf.tensor1d([-0.5, 2]), 0.2, 0.1);
    // Row 0: 0.1 + 0.99 * (4 + 0.1) = 4.159. Row 1 (terminated): -0.2.
    const values = Array.from(y.dataSync());
    expect(values[0]).toBeCloseTo(4.159, 5);
    expect(values[1]).toBeCloseTo(-0.2, 6);
  });
});

describe(twinCriticLoss, () => {
  it('should be half the sum of both critics mean squared errors', () => {
    const loss = twinCriticLoss(tf.tensor1d([1, 2]), tf.tensor1d([0, 4]), tf.tensor1d([2, 2]));
    // Q1: (1 + 0) / 2 = 0.5; Q2: (4 + 4) / 2 = 4; 0.5 * 4.5 = 2.25.
    expect(loss.dataSync()[0]).toBeCloseTo(2.25, 6);
  });
});

describe(actorLoss, () => {
  it('should be mean(alpha log pi - min(Q1, Q2))', () => {
    const loss = actorLoss(tf.tensor1d([-1, 1]), tf.tensor1d([2, 0]), tf.tensor1d([3, -1]), 0.5);
    // Row 0: -0.5 - 2 = -2.5. Row 1: 0.5 + 1 = 1.5. Mean -0.5.
    expect(loss.dataSync()[0]).toBeCloseTo(-0.5, 6);
  });
});

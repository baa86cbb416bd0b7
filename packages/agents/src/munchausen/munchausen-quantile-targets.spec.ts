import * as tf from '@tensorflow/tfjs-core';
import { munchausenQuantileTargets } from './munchausen-quantile-targets';

describe('munchausenQuantileTargets', () => {
  it('should add the clipped, scaled log-policy of the taken action and back up the soft value (hand-computed)', () => {
    // temperature 0.5, alpha 0.9, clip -1. Q(s) = [1, 0]: 0.5 log sum exp(Q / 0.5) = 0.5 log(e^2 + 1) = 1.0634640
    // -> tau ln pi = [-0.0634640, -1.0634640]; action 0 gives a bonus 0.9 x -0.0634640, action 1 is
    // clipped to -1 -> -0.9. Q(s') = [0, 0]: pi = [1/2, 1/2], tau ln pi = 0.5 ln 0.5 = -0.3465736 each;
    // soft value per target quantile j = mean_a Z_j + 0.3465736 = [2.3465736, 1.3465736].
    const nextQuantiles = tf.tensor3d([
      [[1, 3], [2, 0]],
      [[1, 3], [2, 0]],
    ]);
    const targets = munchausenQuantileTargets({
      rewards: tf.tensor1d([1, 0]),
      discounts: tf.tensor1d([0.5, 0]),
      actions: tf.tensor1d([0, 1], 'int32'),
      currentQ: tf.tensor2d([[1, 0], [1, 0]]),
      nextQ: tf.tensor2d([[0, 0], [0, 0]]),
      nextQuantiles,
      temperature: 0.5,
      alpha: 0.9,
      logPolicyClip: -1,
    });
    expect(targets.shape).toEqual([2, 2]);
    const bonus = 0.9 * (1 - 0.5 * Math.log(Math.exp(2) + 1));
    const expected = [1 + bonus + 0.5 * (2 + 0.5 * Math.log(2)), 1 + bonus + 0.5 * (1 + 0.5 * Math.log(2)), -0.9, -0.9];
    Array.from(targets.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });

  it('should tend to the greedy backup at the paper temperature 0.03 without overflowing', () => {
    // Large gaps: pi(s') puts all its mass on action 0 and the taken (greedy) action has log-policy 0.
    const targets = munchausenQuantileTargets({
      rewards: tf.tensor1d([0.25]),
      discounts: tf.tensor1d([0.9]),
      actions: tf.tensor1d([0], 'int32'),
      currentQ: tf.tensor2d([[100, 0]]),
      nextQ: tf.tensor2d([[5, 0]]),
      nextQuantiles: tf.tensor3d([[[4, 50], [6, -50]]]),
      temperature: 0.03,
      alpha: 0.9,
      logPolicyClip: -1,
    });
    const values = Array.from(targets.dataSync());
    values.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    expect(values[0]).toBeCloseTo(0.25 + 0.9 * 4, 5);
    expect(values[1]).toBeCloseTo(0.25 + 0.9 * 6, 5);
  });

  it('should reduce to the IQN-style expected backup with alpha 0 and a uniform policy', () => {
    // Equal Q values: pi uniform, tau ln pi = tau ln(1/A) for every action; alpha 0 drops the bonus.
    const targets = munchausenQuantileTargets({
      rewards: tf.tensor1d([1]),
      discounts: tf.tensor1d([1]),
      actions: tf.tensor1d([2], 'int32'),
      currentQ: tf.tensor2d([[3, 3, 3]]),
      nextQ: tf.tensor2d([[1, 1, 1]]),
      nextQuantiles: tf.tensor3d([[[0, 3, 6]]]),
      temperature: 0.1,
      alpha: 0,
      logPolicyClip: -1,
    });
    expect(targets.dataSync()[0]).toBeCloseTo(1 + 3 - 0.1 * Math.log(1 / 3), 5);
  });
});

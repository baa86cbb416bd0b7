import * as tf from '@tensorflow/tfjs-core';
import { categoricalEntropy, categoricalLogProb, clippedPolicyLoss, diagonalGaussianEntropy, diagonalGaussianLogProb, generalizedAdvantages, valueLoss } from './ppo-losses';

const value = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('generalizedAdvantages', () => {
  const base = { rewards: [1, 0, 2], values: [0.5, 0.4, 0.3], nextValues: [0.4, 0.3, 0.6], discount: 0.9, lambda: 0.8 };

  it('should match a hand computation over an episode that terminates', () => {
    // delta = [1 + .9*.4 - .5, 0 + .9*.3 - .4, 2 - .3] = [.86, -.13, 1.7]; A_t = delta_t + .72 A_{t+1}.
    const { advantages, returns } = generalizedAdvantages({ ...base, terminated: [false, false, true], episodeEnds: [false, false, true] });
    expect(Array.from(advantages)).toEqual([expect.closeTo(1.64768, 12), expect.closeTo(1.094, 12), expect.closeTo(1.7, 12)]);
    expect(Array.from(returns)).toEqual([expect.closeTo(2.14768, 12), expect.closeTo(1.494, 12), expect.closeTo(2.0, 12)]);
  });

  it('should bootstrap a truncated step from its next observation and stop the recursion there', () => {
    const { advantages } = generalizedAdvantages({ ...base, terminated: [false, false, true], episodeEnds: [false, true, true] });
    expect(Array.from(advantages)).toEqual([expect.closeTo(0.86 + 0.72 * -0.13, 12), expect.closeTo(-0.13, 12), expect.closeTo(1.7, 12)]);
  });

  it("should bootstrap the rollout's last step when its episode goes on", () => {
    const { advantages } = generalizedAdvantages({ ...base, terminated: [false, false, false], episodeEnds: [false, false, false] });
    expect(advantages[2]).toBeCloseTo(2 + 0.9 * 0.6 - 0.3, 12);
  });
});

describe('clippedPolicyLoss', () => {
  it('should take the pessimistic term of each row (Schulman et al. 2017, eq. 7)', () => {
    // ratios 1, 1.5, 0.5 with advantages 1, 1, -1 and eps 0.2: -1, -min(1.5, 1.2), -(-max(0.5, 0.8)).
    const loss = clippedPolicyLoss(tf.tensor1d([0, Math.log(1.5), Math.log(0.5)]), tf.tensor1d([0, 0, 0]), tf.tensor1d([1, 1, -1]), 0.2);
    expect(value(loss)[0]).toBeCloseTo((-1 - 1.2 + 0.8) / 3, 6);
  });

  it('should have zero gradient through a row whose ratio is clipped', () => {
    const grad = tf.grad((logProb: tf.Tensor) => clippedPolicyLoss(logProb as tf.Tensor1D, tf.tensor1d([0, 0]), tf.tensor1d([1, -1]), 0.2))(tf.tensor1d([Math.log(1.5), 0]));
    expect(value(grad)[0]).toBe(0);
    expect(value(grad)[1]).toBeCloseTo(0.5, 6);
  });
});

describe('valueLoss', () => {
  it('should be half the mean squared error without clipping', () => {
    expect(value(valueLoss(tf.tensor1d([1, 2]), tf.tensor1d([0, 0]), tf.tensor1d([0.5, 3]), undefined))[0]).toBeCloseTo(0.5 * (0.25 + 1) / 2, 6);
  });

  it('should take the larger of the clipped and unclipped errors with clipping', () => {
    // clipped values 0.5, 0.5: errors max(.25, 0) and max(1, 6.25).
    expect(value(valueLoss(tf.tensor1d([1, 2]), tf.tensor1d([0, 0]), tf.tensor1d([0.5, 3]), 0.5))[0]).toBeCloseTo(0.5 * (0.25 + 6.25) / 2, 6);
  });
});

describe('Gaussian and categorical policies', () => {
  it('should give the diagonal Gaussian log-probability of a hand computation', () => {
    // Each entry: mean 0, std 2, action 2: -z^2/2 - log 2 - log(2 pi)/2 with z = 1.
    const entry = -0.5 - Math.log(2) - 0.5 * Math.log(2 * Math.PI);
    const logProb = diagonalGaussianLogProb(tf.tensor2d([[0, 0]]), tf.tensor1d([Math.log(2), Math.log(2)]), tf.tensor2d([[2, -2]]));
    expect(value(logProb)[0]).toBeCloseTo(2 * entry, 5);
  });

  it('should give the Gaussian entropy sum_i (log std_i + log(2 pi e) / 2) for every row', () => {
    const h = 0.5 * Math.log(2 * Math.PI * Math.E);
    expect(value(diagonalGaussianEntropy(tf.tensor1d([0, Math.log(2)]), 3))).toEqual(Array(3).fill(expect.closeTo(h + Math.log(2) + h, 5)));
  });

  it('should give categorical log-probabilities and entropy of a hand computation', () => {
    const logits = tf.tensor2d([[0, Math.log(3)]]); // p = (1/4, 3/4)
    expect(value(categoricalLogProb(logits, tf.tensor1d([1])))[0]).toBeCloseTo(Math.log(0.75), 6);
    expect(value(categoricalEntropy(logits))[0]).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 6);
  });
});

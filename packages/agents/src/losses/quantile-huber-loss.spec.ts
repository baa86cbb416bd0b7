import { expectNoTensorLeakSync } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { quantileHuberLoss } from './quantile-huber-loss';

/** Dopamine's two-case formula, in float64 loops, for one sample. */
function reference(targets: number[], predictions: number[], taus: number[], kappa: number): number {
  let total = 0;
  for (const t of targets) {
    for (let i = 0; i < predictions.length; i++) {
      const d = t - predictions[i]!;
      const huber = Math.abs(d) <= kappa ? 0.5 * d * d : kappa * (Math.abs(d) - 0.5 * kappa);
      total += (Math.abs(taus[i]! - (d < 0 ? 1 : 0)) * huber) / kappa;
    }
  }
  return total / targets.length;
}

describe('quantileHuberLoss', () => {
  it('should sum over predicted quantiles and average over target quantiles (hand-computed)', () => {
    // T = [1, -0.5], Q = [0, 0.5, 2] at taus [0.1, 0.5, 0.9], kappa 1:
    // d = [[1, 0.5, -1], [-0.5, -1, -2.5]], huber = [[0.5, 0.125, 0.5], [0.125, 0.5, 2]],
    // weights |tau - 1{d < 0}| = [[0.1, 0.5, 0.1], [0.9, 0.5, 0.1]]
    // -> rows 0.05 + 0.0625 + 0.05 = 0.1625 and 0.1125 + 0.25 + 0.2 = 0.5625, mean 0.3625.
    const loss = quantileHuberLoss(tf.tensor2d([[1, -0.5]]), tf.tensor2d([[0, 0.5, 2]]), tf.tensor2d([[0.1, 0.5, 0.9]]));
    expect(loss.shape).toEqual([1]);
    expect(loss.dataSync()[0]).toBeCloseTo(0.3625, 6);
  });

  it('should divide by kappa and switch to the linear part beyond it', () => {
    // kappa 2, tau 0.25: d = 3 -> 2 (3 - 1) = 4, x 0.25 / 2 = 0.5; d = 1 -> 0.5, x 0.25 / 2 = 0.0625;
    // d = -3 -> 4 x 0.75 / 2 = 1.5.
    const loss = quantileHuberLoss(tf.tensor2d([[3], [1], [-3]]), tf.tensor2d([[0], [0], [0]]), tf.tensor2d([[0.25], [0.25], [0.25]]), 2);
    Array.from(loss.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0.5, 0.0625, 1.5][i]!, 6));
  });

  it("should match Dopamine's two-case formula per sample on random values", () => {
    const B = 3;
    const targets = Array.from({ length: B }, (_, b) => Array.from({ length: 4 }, (_, j) => Math.sin(3 * b + j) * 2));
    const predictions = Array.from({ length: B }, (_, b) => Array.from({ length: 5 }, (_, i) => Math.cos(2 * b + i) * 1.5));
    const taus = Array.from({ length: B }, (_, b) => Array.from({ length: 5 }, (_, i) => ((b + 1) * (i + 1) * 0.137) % 1));
    const loss = quantileHuberLoss(tf.tensor2d(targets), tf.tensor2d(predictions), tf.tensor2d(taus), 1.5).dataSync();
    for (let b = 0; b < B; b++) expect(loss[b]).toBeCloseTo(reference(targets[b]!, predictions[b]!, taus[b]!, 1.5), 5);
  });

  it('should give the gradient -(1/N\') sum_j |tau_i - 1{d < 0}| clip(d, -kappa, kappa) / kappa', () => {
    // Same numbers as the first case: grad_i = -(w_0i clip(d_0i) + w_1i clip(d_1i)) / 2
    // = 0.175, 0.125, 0.1.
    const grad = tf.grad((q: tf.Tensor) => tf.sum(quantileHuberLoss(tf.tensor2d([[1, -0.5]]), q as tf.Tensor2D, tf.tensor2d([[0.1, 0.5, 0.9]]))));
    Array.from(grad(tf.tensor2d([[0, 0.5, 2]])).dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0.175, 0.125, 0.1][i]!, 6));
  });

  it('should not leak tensors', () => {
    const [t, q, taus] = [tf.ones([4, 3]), tf.zeros([4, 2]), tf.fill([4, 2], 0.5)];
    expectNoTensorLeakSync(() => quantileHuberLoss(t as tf.Tensor2D, q as tf.Tensor2D, taus as tf.Tensor2D).dispose(), { label: 'quantileHuberLoss' });
    tf.dispose([t, q, taus]);
  });
});

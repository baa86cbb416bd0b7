import * as tf from '@tensorflow/tfjs-core';
import { LOG_STD_MAX, LOG_STD_MIN, splitPolicyOutput, squashedGaussian } from './squashed-gaussian';

/** log N(u; mean, std) - log(1 - tanh(u)^2), written out directly (no stable form). */
function handLogProb(mean: number, std: number, noise: number): number {
  const u = mean + std * noise;
  const gaussian = -0.5 * ((u - mean) / std) ** 2 - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
  return gaussian - Math.log(1 - Math.tanh(u) ** 2);
}

describe(squashedGaussian, () => {
  it('should give tanh(mean + std * noise) and the change-of-variables log-probability', () => {
    // Two samples of a two-dimensional action: log pi sums the entries.
    const mean = tf.tensor2d([0.5, -1, 0, 2], [2, 2]);
    const logStd = tf.tensor2d([Math.log(0.5), 0, Math.log(2), -1], [2, 2]);
    const noise = tf.tensor2d([1, -0.5, 0.25, 0], [2, 2]);
    const { squashed, logProb } = squashedGaussian(mean, logStd, noise);
    // Row 0: u = 0.5 + 0.5 * 1 = 1 and u = -1 + 1 * -0.5 = -1.5. Row 1: u = 0 + 2 * 0.25 = 0.5 and u = 2.
    const tanh = [Math.tanh(1), Math.tanh(-1.5), Math.tanh(0.5), Math.tanh(2)];
    Array.from(squashed.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(tanh[i]!, 6));
    const expected = [handLogProb(0.5, 0.5, 1) + handLogProb(-1, 1, -0.5), handLogProb(0, 2, 0.25) + handLogProb(2, Math.exp(-1), 0)];
    const got = Array.from(logProb.dataSync());
    expect(got[0]).toBeCloseTo(expected[0]!, 5);
    expect(got[1]).toBeCloseTo(expected[1]!, 5);
    // For u = 1, std 0.5: -0.5 - log 0.5 - log(2 pi) / 2 - log(sech^2 1) = -0.725791 + 0.867500 (by hand).
    expect(handLogProb(0.5, 0.5, 1)).toBeCloseTo(-0.5 + Math.log(2) - 0.9189385 - Math.log(0.41997434), 6);
    tf.dispose([mean, logStd, noise, squashed, logProb]);
  });

  it('should subtract the log of the action scale (a box wider than (-1, 1))', () => {
    const [mean, logStd, noise] = [tf.tensor2d([[0.3]]), tf.tensor2d([[0]]), tf.tensor2d([[0.2]])];
    const unit = squashedGaussian(mean, logStd, noise).logProb.dataSync()[0]!;
    const scaled = squashedGaussian(mean, logStd, noise, Math.log(2)).logProb.dataSync()[0]!;
    expect(scaled).toBeCloseTo(unit - Math.log(2), 6);
    expect(unit).toBeCloseTo(handLogProb(0.3, 1, 0.2), 5);
  });

  it('should stay finite where tanh saturates', () => {
    const { logProb } = squashedGaussian(tf.tensor2d([[30]]), tf.tensor2d([[0]]), tf.tensor2d([[0]]));
    // log(1 - tanh(30)^2) = 2 (log 2 - 30 - softplus(-60)) ~ -58.6: log pi = -log(2 pi) / 2 + 58.6.
    expect(logProb.dataSync()[0]).toBeCloseTo(-0.9189385 - 2 * (Math.log(2) - 30), 3);
  });
});

describe(splitPolicyOutput, () => {
  it('should take means from the first half of the columns and clip the log std', () => {
    const { mean, logStd } = splitPolicyOutput(tf.tensor2d([[1, 2, -50, 9]]));
    expect(Array.from(mean.dataSync())).toEqual([1, 2]);
    expect(Array.from(logStd.dataSync())).toEqual([LOG_STD_MIN, LOG_STD_MAX]);
  });
});

import { Rng } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { projectDistribution } from './project-distribution';

/** Dopamine's project_distribution for one row, in float64 loops. */
function reference(supports: number[], weights: number[], target: number[]): number[] {
  const n = target.length;
  const vMin = target[0]!;
  const vMax = target[n - 1]!;
  const dz = (vMax - vMin) / (n - 1);
  return target.map((z) =>
    supports.reduce((acc, s, j) => {
      const c = Math.min(Math.max(s, vMin), vMax);
      return acc + Math.min(Math.max(1 - Math.abs(c - z) / dz, 0), 1) * weights[j]!;
    }, 0),
  );
}

describe('projectDistribution', () => {
  const support = Float32Array.from([-1, 0, 1]);

  it('should split atoms between neighbours and clip to the support (hand-computed)', () => {
    // r + 0.5 z for r = 0.5: atoms at 0, 0.5, 1 with mass 1/3 each -> [0, 1/2, 1/2].
    // r = 2 (all mass clipped to vMax) and a terminal r = -0.25 (all atoms at -0.25 -> 1/4 to -1, 3/4 to 0).
    const supports = tf.tensor2d([
      [0, 0.5, 1],
      [1.5, 2, 2.5],
      [-0.25, -0.25, -0.25],
    ]);
    const weights = tf.tensor2d([
      [1 / 3, 1 / 3, 1 / 3],
      [0.2, 0.3, 0.5],
      [0.1, 0.6, 0.3],
    ]);
    const out = projectDistribution(supports, weights, support).arraySync();
    const expected = [
      [0, 0.5, 0.5],
      [0, 0, 1],
      [0.25, 0.75, 0],
    ];
    out.forEach((row, b) => row.forEach((v, i) => expect(v).toBeCloseTo(expected[b]![i]!, 6)));
  });

  it('should match the reference on random inputs and keep the mass', () => {
    const rng = Rng.fromSeed(3);
    const atoms = 11;
    const target = Array.from({ length: atoms }, (_, i) => -10 + 2 * i);
    const rows = 5;
    const s: number[][] = [];
    const w: number[][] = [];
    for (let b = 0; b < rows; b++) {
      const r = rng.uniform() * 6 - 3;
      const d = rng.bernoulli(0.2) ? 0 : 0.97;
      s.push(target.map((z) => r + d * z));
      const raw = target.map(() => rng.uniform());
      const sum = raw.reduce((a, x) => a + x, 0);
      w.push(raw.map((x) => x / sum));
    }
    const out = projectDistribution(tf.tensor2d(s), tf.tensor2d(w), Float32Array.from(target)).arraySync();
    out.forEach((row, b) => {
      const expected = reference(s[b]!, w[b]!, target);
      row.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
      expect(row.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 5);
    });
  });
});

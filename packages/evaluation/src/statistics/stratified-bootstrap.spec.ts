import { ConfigError, Rng, ShapeError } from '@prunerl/core';
import type { ScoresByTask } from '../scores/scores-by-task';
import { aggregateIqm } from './aggregate-iqm';
import { aggregateMean } from './aggregate-mean';
import { stratifiedBootstrap } from './stratified-bootstrap';
import { taskMeans } from './task-means';

/** Synthetic suite: `tasks` tasks with `runs` normal(mu_t, sigma) runs each. */
function synthetic(rng: Rng, mus: readonly number[], runs: number, sigma: number): number[][] {
  return mus.map((mu) => Array.from({ length: runs }, () => rng.normal(mu, sigma)));
}

describe('stratifiedBootstrap', () => {
  describe('resampling', () => {
    it('should resample runs within each task only (strata never mix)', () => {
      const scores = [
        [0, 0, 0],
        [100, 100],
        [-5, -5, -5, -5],
      ];
      const seen: number[][] = [];
      stratifiedBootstrap(
        [scores],
        (s) => {
          seen.push(Array.from(taskMeans(s)));
          return 0;
        },
        { reps: 50, seed: 3 },
      );
      // The first call is the point estimate; every replicate keeps each task's values.
      expect(seen).toHaveLength(51);
      for (const means of seen) expect(means).toEqual([0, 100, -5]);
    });

    it('should draw each run index uniformly (about n_t/e distinct values are missed)', () => {
      const runs = Array.from({ length: 200 }, (_, i) => i);
      let missing = 0;
      stratifiedBootstrap(
        [[runs]],
        (s) => {
          const distinct = new Set(Array.from(s[0]!)).size;
          missing += 200 - distinct;
          return 0;
        },
        { reps: 200, seed: 5 },
      );
      // Expected fraction of indices never drawn: (1 - 1/200)^200 ~ 0.3670 (the point-estimate call misses none).
      const fraction = missing / (200 * 200);
      expect(Math.abs(fraction - 0.367)).toBeLessThan(0.01);
    });

    it('should give a zero-width interval when every task has one distinct value', () => {
      const { estimates } = stratifiedBootstrap([[[2, 2], [4]]], aggregateMean, { reps: 100, seed: 1 });
      expect(estimates[0]).toEqual({ point: 3, lower: 3, upper: 3 });
    });
  });

  describe('determinism', () => {
    const scores = [
      [0.1, 0.5, 0.9, 1.3],
      [2, 3, 5],
    ];

    it('should repeat exactly with the same seed and differ with another', () => {
      const a = stratifiedBootstrap([scores], aggregateIqm, { reps: 300, seed: 11 });
      const b = stratifiedBootstrap([scores], aggregateIqm, { reps: 300, seed: 11 });
      const c = stratifiedBootstrap([scores], aggregateIqm, { reps: 300, seed: 12 });
      expect(a.estimates).toEqual(b.estimates);
      expect(Array.from(a.replicates[0]!)).toEqual(Array.from(b.replicates[0]!));
      expect(Array.from(a.replicates[0]!)).not.toEqual(Array.from(c.replicates[0]!));
    });

    it('should use the given Rng stream', () => {
      const a = stratifiedBootstrap([scores], aggregateIqm, { reps: 100, rng: Rng.fromSeed(4).split('x') });
      const b = stratifiedBootstrap([scores], aggregateIqm, { reps: 100, rng: Rng.fromSeed(4).split('x') });
      expect(a.estimates).toEqual(b.estimates);
    });
  });

  describe('distribution', () => {
    it('should reproduce the plug-in standard error of the mean of task means', () => {
      const rng = Rng.fromSeed(21);
      const scores = synthetic(rng, [0, 1, 3, 10], 10, 2);
      const { replicates } = stratifiedBootstrap([scores], aggregateMean, { reps: 4000, seed: 2 });
      const values = replicates[0]!;
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
      // Plug-in SE: sqrt(sum_t s2_t / n_t) / T with the population (ddof 0) variance of each task.
      const plugIn =
        Math.sqrt(
          scores.reduce((acc, runs) => {
            const m = runs.reduce((s, v) => s + v, 0) / runs.length;
            return acc + runs.reduce((s, v) => s + (v - m) ** 2, 0) / runs.length / runs.length;
          }, 0),
        ) / scores.length;
      expect(Math.abs(sd / plugIn - 1)).toBeLessThan(0.05);
      // Centred on the point estimate (the bootstrap mean of a mean is unbiased).
      expect(Math.abs(mean - aggregateMean(scores))).toBeLessThan(0.05 * plugIn);
    });

    it('should cover the true IQM and mean about 95% of the time on synthetic data', () => {
      // 200 synthetic experiments of 5 tasks x 8 runs, tasks normal(mu, 1) with mu = 2: the
      // population IQM and mean are both 2. A 95% percentile interval should contain 2 in about 95%
      // of experiments (slightly fewer at this sample size). 200 trials: SE of the rate ~ 1.6%.
      const rng = Rng.fromSeed(99).split('data');
      let coverIqm = 0;
      let coverMean = 0;
      const trials = 200;
      for (let i = 0; i < trials; i++) {
        const scores = synthetic(rng, [2, 2, 2, 2, 2], 8, 1);
        const { estimates } = stratifiedBootstrap([scores], (s) => [aggregateIqm(s), aggregateMean(s)], { reps: 400, seed: i });
        if (estimates[0]!.lower <= 2 && 2 <= estimates[0]!.upper) coverIqm++;
        if (estimates[1]!.lower <= 2 && 2 <= estimates[1]!.upper) coverMean++;
      }
      expect(coverIqm / trials).toBeGreaterThan(0.88);
      expect(coverIqm / trials).toBeLessThan(0.99);
      expect(coverMean / trials).toBeGreaterThan(0.88);
      expect(coverMean / trials).toBeLessThan(0.99);
    });

    it('should narrow as runs are added (width ~ 1/sqrt(n))', () => {
      const rng = Rng.fromSeed(8);
      const small = synthetic(rng, [0, 5], 10, 1);
      const large = synthetic(rng, [0, 5], 160, 1);
      const width = (s: ScoresByTask): number => {
        const e = stratifiedBootstrap([s], aggregateMean, { reps: 2000, seed: 1 }).estimates[0]!;
        return e.upper - e.lower;
      };
      const ratio = width(small) / width(large);
      expect(ratio).toBeGreaterThan(2.8); // sqrt(16) = 4, noisy at n = 10
      expect(ratio).toBeLessThan(5.5);
    });

    it('should widen with taskBootstrap when tasks differ', () => {
      const scores = synthetic(Rng.fromSeed(5), [0, 1, 2, 3, 4, 5, 6, 7], 5, 0.5);
      const runsOnly = stratifiedBootstrap([scores], aggregateMean, { reps: 1000, seed: 1 }).estimates[0]!;
      const withTasks = stratifiedBootstrap([scores], aggregateMean, { reps: 1000, seed: 1, taskBootstrap: true }).estimates[0]!;
      expect(withTasks.upper - withTasks.lower).toBeGreaterThan(3 * (runsOnly.upper - runsOnly.lower));
    });
  });

  describe('several inputs', () => {
    it('should resample each input independently', () => {
      const x = [[1, 2, 3, 4, 5, 6]];
      const y = [[1, 2, 3, 4, 5, 6]];
      let identical = 0;
      stratifiedBootstrap(
        [x, y],
        (sx, sy) => {
          if (Array.from(sx![0]!).join() === Array.from(sy![0]!).join()) identical++;
          return 0;
        },
        { reps: 100, seed: 2 },
      );
      expect(identical).toBe(1); // only the original data
    });
  });

  describe('validation', () => {
    it('should name bad options and inputs', () => {
      expect(() => stratifiedBootstrap([[[1]]], aggregateMean, { reps: 0 })).toThrow(/stratifiedBootstrap options.reps: expected an integer >= 1/);
      expect(() => stratifiedBootstrap([[[1]]], aggregateMean, { confidence: 1 })).toThrow(ConfigError);
      expect(() => stratifiedBootstrap([[[1]]], aggregateMean, { reps: 10, seeed: 1 } as never)).toThrow(/seeed/);
      expect(() => stratifiedBootstrap([], aggregateMean)).toThrow(ShapeError);
      expect(() => stratifiedBootstrap([[[1], []]], aggregateMean)).toThrow(ShapeError);
      expect(() => stratifiedBootstrap([[[1]]], () => Number.NaN)).toThrow(ShapeError);
    });
  });
});

import { ConfigError } from '@prunerl/core';
import { aggregateEstimates } from './aggregate-estimates';
import { aggregateIqm } from './aggregate-iqm';
import { aggregateMean } from './aggregate-mean';
import { intervalEstimates } from './interval-estimates';
import { linspace, performanceProfile, performanceProfiles } from './performance-profile';
import { probabilityOfImprovementEstimates } from './probability-of-improvement-estimates';
import { sampleEfficiencyCurves } from './sample-efficiency-curve';

const dense = [
  [0.1, 0.4, 0.3],
  [1.2, 0.9, 1.4],
  [2.5, 2.0, 3.1],
];
const pruned = [
  [0.5, 0.6, 0.2],
  [1.8, 1.1, 1.9],
  [2.9, 3.5, 3.0],
];

describe('intervalEstimates', () => {
  it('should give each method its own stream so adding a method changes nothing else', () => {
    const one = intervalEstimates({ dense }, aggregateIqm, { reps: 300, seed: 1 });
    const two = intervalEstimates({ pruned, dense }, aggregateIqm, { reps: 300, seed: 1 });
    expect(two.dense).toEqual(one.dense);
    expect(one.dense![0]!.point).toBe(aggregateIqm(dense));
    expect(one.dense![0]!.lower).toBeLessThanOrEqual(one.dense![0]!.point);
    expect(one.dense![0]!.upper).toBeGreaterThanOrEqual(one.dense![0]!.point);
  });
});

describe('aggregateEstimates', () => {
  it('should estimate the four metrics with intervals around their point estimates', () => {
    const estimates = aggregateEstimates({ dense, pruned }, { reps: 500, seed: 2 });
    expect(Object.keys(estimates.dense!)).toEqual(['median', 'iqm', 'mean', 'optimalityGap']);
    expect(estimates.pruned!.mean!.point).toBe(aggregateMean(pruned));
    for (const method of ['dense', 'pruned']) {
      for (const e of Object.values(estimates[method]!)) {
        expect(e.lower).toBeLessThanOrEqual(e.point + 1e-12);
        expect(e.upper).toBeGreaterThanOrEqual(e.point - 1e-12);
      }
    }
  });

  it('should compute only the metrics asked for and reject unknown ones', () => {
    expect(Object.keys(aggregateEstimates({ dense }, { reps: 10, metrics: ['iqm'] }).dense!)).toEqual(['iqm']);
    expect(() => aggregateEstimates({ dense }, { metrics: ['iqr' as never] })).toThrow(ConfigError);
  });
});

describe('probabilityOfImprovementEstimates', () => {
  it('should estimate P(X > Y) per pair with an interval inside [0, 1]', () => {
    const [e] = probabilityOfImprovementEstimates({ dense, pruned }, [['pruned', 'dense']], { reps: 500, seed: 3 });
    // Per task: 6/9 (0.5, 0.6 beat 0.1, 0.4, 0.3 partly), etc. Hand count:
    // task 0: 0.5 > {0.1, 0.4, 0.3} = 3, 0.6 > 3 = 3, 0.2 > {0.1} = 1 -> 7/9
    // task 1: 1.8 > 3, 1.1 > {0.9} = 1, 1.9 > 3 -> 7/9; task 2: 2.9 > {2.5, 2.0} 2, 3.5 > 3, 3.0 > 2 -> 7/9
    expect(e!.point).toBeCloseTo(7 / 9, 12);
    expect(e!.x).toBe('pruned');
    expect(e!.y).toBe('dense');
    expect(e!.lower).toBeGreaterThanOrEqual(0);
    expect(e!.upper).toBeLessThanOrEqual(1);
    expect(e!.lower).toBeLessThan(e!.point);
  });

  it('should name unknown methods', () => {
    expect(() => probabilityOfImprovementEstimates({ dense }, [['pruned', 'dense']])).toThrow(/pruned/);
  });
});

describe('performanceProfile', () => {
  it('should give the fraction of runs (or task means) strictly above each threshold', () => {
    const scores = [
      [0.5, 1.5],
      [2.5, 0.1],
    ];
    expect(performanceProfile(scores, [0, 1, 2, 3])).toEqual([1, 0.5, 0.25, 0]);
    expect(performanceProfile(scores, [1.0, 1.3], false)).toEqual([0.5, 0]); // task means 1.0 and 1.3
  });
});

describe('performanceProfiles', () => {
  it('should return monotone profiles with bands containing them', () => {
    const taus = linspace(0, 4, 41);
    const profiles = performanceProfiles({ dense, pruned }, taus, { reps: 300, seed: 4 });
    const p = profiles.pruned!;
    expect(p.taus).toHaveLength(41);
    for (let i = 1; i < taus.length; i++) expect(p.fraction[i]).toBeLessThanOrEqual(p.fraction[i - 1]!);
    p.fraction.forEach((f, i) => {
      expect(p.lower[i]).toBeLessThanOrEqual(f);
      expect(p.upper[i]).toBeGreaterThanOrEqual(f);
    });
    expect(p.fraction[0]).toBe(1);
  });
});

describe('linspace', () => {
  it('should include both ends like numpy', () => {
    expect(linspace(0, 8, 81)[80]).toBe(8);
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 9, 1)).toEqual([2]);
  });
});

describe('sampleEfficiencyCurves', () => {
  it('should aggregate each step with its own interval', () => {
    const curves = sampleEfficiencyCurves({ dense: { steps: [10, 20], scores: [dense, pruned] } }, aggregateIqm, { reps: 200, seed: 5 });
    expect(curves.dense!.map((c) => c.step)).toEqual([10, 20]);
    expect(curves.dense![0]!.point).toBe(aggregateIqm(dense));
    expect(curves.dense![1]!.point).toBe(aggregateIqm(pruned));
  });

  it('should reject mismatched steps and scores', () => {
    expect(() => sampleEfficiencyCurves({ dense: { steps: [1, 2], scores: [dense] } })).toThrow(/one ScoresByTask per step/);
  });
});

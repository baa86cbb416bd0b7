import { ConfigError } from '@prunerl/core';
import { PolynomialSchedule } from './polynomial-schedule';
import { resolveSchedule } from './training-schedule';

describe('PolynomialSchedule', () => {
  describe('.sparsityAt', () => {
    // Equation 1 with the reference's +1 offset: progress = clip(t + 1 - t_start, 0, len) / len.
    const paper = new PolynomialSchedule({ finalSparsity: 0.95, startStep: 500_000, endStep: 2_000_000 });

    it('should be 0 before the start, including the step before it', () => {
      expect(paper.sparsityAt(0)).toBe(0);
      expect(paper.sparsityAt(499_999)).toBe(0); // progress = 0
    });

    it('should follow s_F (1 - (1 - progress)^3) between start and end', () => {
      // t = 500,000: progress = 1 / 1.5e6, sparsity = 0.95 (3x - 3x^2 + x^3) ~ 1.9e-6.
      const x = 1 / 1_500_000;
      expect(paper.sparsityAt(500_000)).toBeCloseTo(0.95 * (3 * x - 3 * x * x + x * x * x), 15);
      expect(paper.sparsityAt(500_000)).toBeCloseTo(1.9e-6, 9);
      // t = 1,249,999: progress = 750,000 / 1.5e6 = 0.5, sparsity = 0.95 * (1 - 0.125) = 0.83125.
      expect(paper.sparsityAt(1_249_999)).toBeCloseTo(0.83125, 12);
      // t = 874,999: progress = 0.25, sparsity = 0.95 * (1 - 0.421875) = 0.54921875.
      expect(paper.sparsityAt(874_999)).toBeCloseTo(0.54921875, 12);
    });

    it('should reach s_F one step before the end and stay there', () => {
      expect(paper.sparsityAt(1_999_999)).toBe(0.95);
      expect(paper.sparsityAt(2_000_000)).toBe(0.95);
      expect(paper.sparsityAt(9_000_000)).toBe(0.95);
    });

    it('should match hand values on a short schedule', () => {
      const s = new PolynomialSchedule({ finalSparsity: 0.8, startStep: 10, endStep: 20, updateFrequency: 5 });
      expect(s.sparsityAt(9)).toBe(0); // progress 0
      expect(s.sparsityAt(10)).toBeCloseTo(0.8 * (1 - 0.9 ** 3), 12); // progress 0.1: 0.2168
      expect(s.sparsityAt(10)).toBeCloseTo(0.2168, 12);
      expect(s.sparsityAt(11)).toBeCloseTo(0.3904, 12); // progress 0.2: 0.8 (1 - 0.512)
      expect(s.sparsityAt(14)).toBeCloseTo(0.7, 12); // progress 0.5: 0.8 * 0.875
      expect(s.sparsityAt(19)).toBe(0.8);
    });

    it('should start from the initial sparsity (Zhu & Gupta) when one is given', () => {
      const s = new PolynomialSchedule({ initialSparsity: 0.5, finalSparsity: 0.9, startStep: 10, endStep: 20 });
      expect(s.sparsityAt(0)).toBe(0.5);
      expect(s.sparsityAt(14)).toBeCloseTo(0.9 + (0.5 - 0.9) * 0.125, 12); // 0.85
    });

    it('should use the given power', () => {
      const linear = new PolynomialSchedule({ finalSparsity: 0.6, startStep: 0, endStep: 10, power: 1 });
      expect(linear.sparsityAt(4)).toBeCloseTo(0.3, 12); // progress 0.5
    });

    it('should be a one-shot schedule when start equals end', () => {
      const s = new PolynomialSchedule({ finalSparsity: 0.9, startStep: 7, endStep: 7 });
      expect(s.sparsityAt(0)).toBe(0.9);
      expect(s.isUpdateStep(7)).toBe(true);
      expect(s.isUpdateStep(6)).toBe(false);
    });
  });

  describe('.isUpdateStep', () => {
    it('should update every updateFrequency steps between start and end inclusive', () => {
      const s = new PolynomialSchedule({ finalSparsity: 0.9, startStep: 10, endStep: 20, updateFrequency: 5 });
      const steps = Array.from({ length: 30 }, (_, i) => i).filter((i) => s.isUpdateStep(i));
      expect(steps).toEqual([10, 15, 20]);
    });

    it('should use absolute multiples of the frequency, as the reference, plus the end step', () => {
      const s = new PolynomialSchedule({ finalSparsity: 0.9, startStep: 12, endStep: 23, updateFrequency: 5 });
      const steps = Array.from({ length: 30 }, (_, i) => i).filter((i) => s.isUpdateStep(i));
      expect(steps).toEqual([15, 20, 23]);
      expect(s.sparsityAt(23)).toBe(0.9);
    });

    it('should default to every 1,000 updates', () => {
      const s = new PolynomialSchedule({ startStep: 500_000, endStep: 2_000_000 });
      expect(s.updateFrequency).toBe(1000);
      expect(s.isUpdateStep(500_000)).toBe(true);
      expect(s.isUpdateStep(500_500)).toBe(false);
      expect(s.isUpdateStep(501_000)).toBe(true);
      expect(s.isUpdateStep(2_001_000)).toBe(false);
    });
  });

  describe('.overTraining', () => {
    it('should place start and end at 20% and 80% of the run by default', () => {
      const plan = PolynomialSchedule.overTraining({ finalSparsity: 0.95 });
      const s = plan.resolve(2_500_000) as PolynomialSchedule;
      expect([s.startStep, s.endStep, s.finalSparsity, s.updateFrequency, s.power]).toEqual([500_000, 2_000_000, 0.95, 1000, 3]);
      expect(plan.finalSparsity).toBe(0.95);
    });

    it('should accept other fractions', () => {
      const s = PolynomialSchedule.overTraining({ startFraction: 0.1, endFraction: 0.5 }).resolve(1000) as PolynomialSchedule;
      expect([s.startStep, s.endStep]).toEqual([100, 500]);
    });

    it('should need the run length: a ConfigError when it is unknown', () => {
      const plan = PolynomialSchedule.overTraining();
      expect(() => resolveSchedule(plan, undefined, 'gmp')).toThrow(ConfigError);
      expect(() => resolveSchedule(plan, undefined, 'gmp')).toThrow(/gmp\.totalUpdates: expected a positive integer/);
    });
  });

  describe('constructor', () => {
    it('should reject bad options with the field named', () => {
      expect(() => new PolynomialSchedule({ startStep: 10, endStep: 5 })).toThrow(/PolynomialSchedule\.endStep: expected an integer >= startStep \(10\), got 5/);
      expect(() => new PolynomialSchedule({ finalSparsity: 1.2, startStep: 0, endStep: 1 })).toThrow(/finalSparsity/);
      expect(() => new PolynomialSchedule({ startStep: 0, endStep: 1, updateFrequency: 0 })).toThrow(/updateFrequency/);
      expect(() => new PolynomialSchedule({ startStep: 0, endStep: 1, frequency: 3 } as never)).toThrow(/PolynomialSchedule options\.frequency/);
    });
  });
});

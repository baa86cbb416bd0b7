import { ConstantSchedule } from './constant-schedule';
import { cosineDecay } from './cosine-decay';
import { OneShotSchedule } from './one-shot-schedule';

describe('ConstantSchedule', () => {
  describe('.isUpdateStep', () => {
    it('should never update without a frequency', () => {
      const s = new ConstantSchedule({ sparsity: 0.9 });
      expect([0, 1, 1000].some((t) => s.isUpdateStep(t))).toBe(false);
      expect(s.sparsityAt()).toBe(0.9);
    });

    it("should use JaxPruner's periodic test between start and end", () => {
      const s = new ConstantSchedule({ sparsity: 0.9, updateFrequency: 4, startStep: 1, endStep: 13 });
      expect(Array.from({ length: 20 }, (_, i) => i).filter((i) => s.isUpdateStep(i))).toEqual([4, 8, 12]);
    });
  });

  describe('.overTraining', () => {
    it('should end at 80% of the run by default', () => {
      const s = ConstantSchedule.overTraining({ sparsity: 0.5, updateFrequency: 10 }).resolve(100) as ConstantSchedule;
      expect([s.startStep, s.endStep, s.sparsity]).toEqual([0, 80, 0.5]);
    });
  });
});

describe('OneShotSchedule', () => {
  it('should update only at its step and report the target from then on', () => {
    const s = new OneShotSchedule({ sparsity: 0.8, step: 5 });
    expect([4, 5, 6].map((t) => s.isUpdateStep(t))).toEqual([false, true, false]);
    expect([4, 5, 6].map((t) => s.sparsityAt(t))).toEqual([0, 0.8, 0.8]);
  });

  it('should place the step at a fraction of the run', () => {
    expect((OneShotSchedule.overTraining({ sparsity: 0.8, atFraction: 0.25 }).resolve(40) as OneShotSchedule).step).toBe(10);
  });
});

describe('cosineDecay', () => {
  it("should follow optax's cosine_decay_schedule", () => {
    const f = cosineDecay(0.3, 100);
    expect(f(0)).toBeCloseTo(0.3, 12);
    expect(f(50)).toBeCloseTo(0.15, 12);
    expect(f(25)).toBeCloseTo(0.3 * 0.5 * (1 + Math.SQRT1_2), 12);
    expect(f(100)).toBeCloseTo(0, 12);
    expect(f(1000)).toBeCloseTo(0, 12);
  });
});

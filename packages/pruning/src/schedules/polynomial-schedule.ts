import { checkFraction, checkKnownKeys, checkNonNegativeInteger, checkNumber, checkPositiveInteger, ConfigError, type SparsitySchedule } from '@prunerl/core';
import { stepAtFraction, type TrainingSchedule } from './training-schedule';

/** Options of {@link PolynomialSchedule}. */
export interface PolynomialScheduleOptions {
  /** s_F: overall sparsity at and after `endStep`. Default 0.95 (the paper's). */
  readonly finalSparsity?: number;
  /** s_i: sparsity the curve starts from. Default 0 (equation 1). */
  readonly initialSparsity?: number;
  /** t_start: first update (gradient-step index) that may update masks. */
  readonly startStep: number;
  /** t_end: last update that updates masks; the target is reached exactly here. */
  readonly endStep: number;
  /** Updates between mask recomputations. Default 1,000 (JaxPruner's DQN config). */
  readonly updateFrequency?: number;
  /** Exponent of the curve. Default 3. */
  readonly power?: number;
}

/** Options of {@link PolynomialSchedule.overTraining}: start and end as fractions of training. */
export interface PolynomialOverTrainingOptions extends Omit<PolynomialScheduleOptions, 'startStep' | 'endStep'> {
  /** Default 0.2 (20% of training, Graesser et al. 2022). */
  readonly startFraction?: number;
  /** Default 0.8 (80% of training). */
  readonly endFraction?: number;
}

const KEYS = ['finalSparsity', 'initialSparsity', 'startStep', 'endStep', 'updateFrequency', 'power'] as const;

/**
 * Gradual pruning's polynomial schedule: PAPER.md equation 1 (Zhu & Gupta 2017) as JaxPruner's
 * `PolynomialSchedule` computes it, with the `+1` step offset of the reference code:
 *
 * ```
 * progress  = clip(step + 1 - t_start, 0, t_end - t_start) / (t_end - t_start)
 * sparsity  = s_F + (s_i - s_F) * (1 - progress)^power        // = s_F (1 - (1 - progress)^3) for s_i = 0
 * ```
 *
 * `step` is the index of the gradient update about to run (JaxPruner's `count`, i.e. updates already
 * done). Masks are recomputed before update `step` when `t_start <= step <= t_end` and
 * `step % updateFrequency == 0` (JaxPruner's periodic test), and also at `step == t_end` even when it is
 * not a multiple of the frequency, so the final sparsity is always reached exactly. With
 * `t_start == t_end` the progress is 1 at every step (JaxPruner's rule), i.e. a one-shot prune.
 *
 * @example
 * ```ts
 * const schedule = new PolynomialSchedule({ finalSparsity: 0.95, startStep: 500_000, endStep: 2_000_000 });
 * schedule.sparsityAt(500_000);   // ~1.9e-6, the first mask update
 * schedule.sparsityAt(2_000_000); // 0.95
 * // Or as fractions of a budget known later:
 * const plan = PolynomialSchedule.overTraining({ finalSparsity: 0.95 }); // 20% .. 80%
 * plan.resolve(2_500_000).startStep; // 500000
 * ```
 */
export class PolynomialSchedule implements SparsitySchedule {
  readonly kind = 'polynomial';
  readonly finalSparsity: number;
  readonly initialSparsity: number;
  readonly startStep: number;
  readonly endStep: number;
  readonly updateFrequency: number;
  readonly power: number;

  constructor(options: PolynomialScheduleOptions) {
    checkKnownKeys('PolynomialSchedule options', options, KEYS);
    this.finalSparsity = checkFraction('PolynomialSchedule.finalSparsity', options.finalSparsity ?? 0.95);
    this.initialSparsity = checkFraction('PolynomialSchedule.initialSparsity', options.initialSparsity ?? 0);
    this.startStep = checkNonNegativeInteger('PolynomialSchedule.startStep', options.startStep);
    this.endStep = checkNonNegativeInteger('PolynomialSchedule.endStep', options.endStep);
    if (this.endStep < this.startStep) {
      throw new ConfigError({
        field: 'PolynomialSchedule.endStep',
        value: this.endStep,
        expected: `an integer >= startStep (${this.startStep})`,
      });
    }
    this.updateFrequency = checkPositiveInteger('PolynomialSchedule.updateFrequency', options.updateFrequency ?? 1000);
    this.power = checkNumber('PolynomialSchedule.power', options.power ?? 3, { min: 0, minExclusive: true });
  }

  /**
   * A {@link TrainingSchedule} placing start and end at fractions of the run (defaults 20% and 80%),
   * resolved to a `PolynomialSchedule` once the total number of gradient updates is known.
   */
  static overTraining(options: PolynomialOverTrainingOptions = {}): TrainingSchedule {
    const { startFraction = 0.2, endFraction = 0.8, ...rest } = options;
    checkKnownKeys('PolynomialSchedule.overTraining options', options, ['startFraction', 'endFraction', ...KEYS.filter((k) => k !== 'startStep' && k !== 'endStep')]);
    checkFraction('PolynomialSchedule.overTraining.startFraction', startFraction);
    checkFraction('PolynomialSchedule.overTraining.endFraction', endFraction);
    if (endFraction < startFraction) {
      throw new ConfigError({ field: 'PolynomialSchedule.overTraining.endFraction', value: endFraction, expected: `a fraction >= startFraction (${startFraction})` });
    }
    // Validate the remaining options now, not at first use.
    const probe = new PolynomialSchedule({ ...rest, startStep: 0, endStep: 0 });
    return {
      kind: 'polynomial',
      finalSparsity: probe.finalSparsity,
      resolve: (totalUpdates: number) =>
        new PolynomialSchedule({ ...rest, startStep: stepAtFraction(startFraction, totalUpdates), endStep: stepAtFraction(endFraction, totalUpdates) }),
    };
  }

  /** Equation 1 at update `step` (with the reference's `+1` offset); `initialSparsity` before the start. */
  sparsityAt(step: number): number {
    const length = this.endStep - this.startStep;
    const progress = length === 0 ? 1 : Math.min(Math.max(step + 1 - this.startStep, 0), length) / length;
    return this.finalSparsity + (this.initialSparsity - this.finalSparsity) * (1 - progress) ** this.power;
  }

  isUpdateStep(step: number): boolean {
    if (step < this.startStep || step > this.endStep) return false;
    return step % this.updateFrequency === 0 || step === this.endStep;
  }
}

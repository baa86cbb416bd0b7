import { checkKnownKeys, checkPositiveInteger, type Criterion, type Parameter, type SparsityDistribution, type SparsitySchedule, type UpdateContext, type WeightGradients } from '@prunerl/core';
import { computeMasks } from '../masks/compute-masks';
import type { SparsityTargets } from '../reporting/measure-sparsity';
import { finalSparsityOf, resolveSchedule, type TrainingSchedule } from '../schedules/training-schedule';
import type { PrunableSelection } from '../selection/select-prunable';
import { allocateLayers } from './layer-allocation';
import { MaskedPruner } from './masked-pruner';

/** Options of {@link ScheduledPruner}: the three replaceable parts and where they apply. */
export interface ScheduledPrunerOptions {
  /** Default `scheduled`. */
  readonly name?: string;
  /** Step -> overall target, and which steps update masks. */
  readonly schedule: SparsitySchedule | TrainingSchedule;
  /** How the target spreads over tensors (or `global: true` for one threshold). */
  readonly distribution: SparsityDistribution;
  /** Which weights go (the lowest scores). */
  readonly criterion: Criterion;
  readonly prunable?: PrunableSelection;
  /** Total gradient updates of the run, for a fractional schedule; default `UpdateContext.totalUpdates`. */
  readonly totalUpdates?: number;
  /** Mask gradients too. Default `false`, as JaxPruner's pruners. */
  readonly sparseGradients?: boolean;
}

const SCHEDULED_PRUNER_KEYS = ['name', 'schedule', 'distribution', 'criterion', 'prunable', 'totalUpdates', 'sparseGradients'] as const;

/**
 * A pruner composed of a {@link SparsitySchedule}, a {@link SparsityDistribution} and a
 * {@link Criterion}, applied the way JaxPruner's `BaseUpdater` applies them (PAPER.md 1.3-1.4):
 *
 * - per-tensor targets S_l are allocated once, at the schedule's final sparsity s_F;
 * - before update `step`, if `schedule.isUpdateStep(step)`, each tensor's mask keeps the top
 *   `max(1, round(N_l (1 - s_l)))` scores, where `s_l = S_l * s_t / s_F` and `s_t =
 *   schedule.sparsityAt(step)` (JaxPruner multiplies every layer's target by the same factor, so the
 *   overall sparsity follows the schedule); scores come from the weights before this update;
 * - after every update the weights are multiplied by the masks (except those that provably kept
 *   their zeros: see `MaskedPruner.afterUpdate`).
 *
 * With a global distribution all tensors are ranked together at `s_t`.
 * {@link GradualMagnitudePruner}, {@link RandomPruner} and {@link OneShotPruner} are presets.
 */
export class ScheduledPruner extends MaskedPruner {
  readonly schedulePlan: SparsitySchedule | TrainingSchedule;
  readonly distribution: SparsityDistribution;
  readonly criterion: Criterion;
  private readonly totalUpdates: number | undefined;
  private resolved: SparsitySchedule | undefined;
  private finalSparsity = 0;
  private allocation = new Map<string, number>();

  constructor(options: ScheduledPrunerOptions) {
    const name = options.name ?? 'scheduled';
    checkKnownKeys(`${name} options`, options, SCHEDULED_PRUNER_KEYS);
    super({ name, ...(options.prunable ? { prunable: options.prunable } : {}), sparseGradients: options.sparseGradients ?? false });
    this.schedulePlan = options.schedule;
    this.distribution = options.distribution;
    this.criterion = options.criterion;
    this.totalUpdates = options.totalUpdates === undefined ? undefined : checkPositiveInteger(`${name}.totalUpdates`, options.totalUpdates);
  }

  /** The step-based schedule in use (resolved on the first hook call). */
  get schedule(): SparsitySchedule | undefined {
    return this.resolved;
  }

  /** Per-tensor targets at the final sparsity (after the first hook call). */
  layerTargets(): ReadonlyMap<string, number> {
    return this.allocation;
  }

  protected override prepare(context: UpdateContext, prunable: readonly Parameter[]): void {
    this.resolved = resolveSchedule(this.schedulePlan, this.totalUpdates ?? context.totalUpdates, this.name);
    this.finalSparsity = finalSparsityOf(this.resolved);
    this.allocation = allocateLayers(this.distribution, prunable, this.finalSparsity, this.name);
  }

  protected override onBeforeUpdate(context: UpdateContext): void {
    if (this.resolved!.isUpdateStep(context.step)) this.updateMasks(context.step);
  }

  /**
   * `kept`, except at a mask update whose target is below the last one's: a mask update ranks
   * pruned weights (zero scores) last, so as long as the target does not fall it keeps only
   * weights that are nonzero now (GMP's, random pruning's and one-shot schedules only rise).
   */
  protected override gradientNeeds(step: number): WeightGradients {
    const schedule = this.resolved!;
    if (!schedule.isUpdateStep(step)) return 'kept';
    const previous = this.lastMaskUpdateStep === undefined ? 0 : schedule.sparsityAt(this.lastMaskUpdateStep);
    return schedule.sparsityAt(step) >= previous ? 'kept' : 'dense';
  }

  protected override targets(step: number): SparsityTargets {
    const overall = this.resolved!.sparsityAt(step);
    return { overall, layers: this.layerSparsities(overall) };
  }

  private layerSparsities(overall: number): Map<string, number> {
    if (this.distribution.global) return new Map(this.prunable.map((p) => [p.name, overall]));
    if (this.finalSparsity === 0) return allocateLayers(this.distribution, this.prunable, overall, this.name);
    const ratio = overall / this.finalSparsity;
    return new Map([...this.allocation].map(([name, s]) => [name, Math.min(1, Math.max(0, s * ratio))]));
  }

  private updateMasks(step: number): void {
    const overall = this.resolved!.sparsityAt(step);
    const sparsities = this.layerSparsities(overall);
    // A layer held at sparsity 0 whose mask is already all ones needs no work (e.g. ERK's dense head).
    const work = this.prunable.filter((p) => !(sparsities.get(p.name) === 0 && this.isDense(p.name)));
    const masks = computeMasks(work, {
      criterion: this.criterion,
      step,
      sparsities,
      current: (name) => (this.isDense(name) ? undefined : this.maskOf(name)),
      ...(this.distribution.global ? { global: { sparsity: overall, normalize: (this.distribution as { normalize?: boolean }).normalize === true } } : {}),
    });
    this.replaceMasks(masks);
  }
}

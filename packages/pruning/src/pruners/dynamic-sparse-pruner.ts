import {
  checkBoolean,
  checkFraction,
  checkKnownKeys,
  checkNonNegativeInteger,
  checkPositiveInteger,
  ConfigError,
  resetOptimizerSlots,
  resolveRng,
  type Criterion,
  type NamedGradients,
  type Parameter,
  type Rng,
  type SeedOptions,
  type SparsityDistribution,
  type UpdateContext,
} from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { RandomCriterion } from '../criteria/random-criterion';
import { resolveDistribution, type DistributionSpec } from '../distributions/resolve-distribution';
import { computeMasks } from '../masks/compute-masks';
import { keepCount } from '../masks/keep-count';
import { topkMaskArray } from '../masks/topk-mask-array';
import type { SparsityTargets } from '../reporting/measure-sparsity';
import { ConstantSchedule } from '../schedules/constant-schedule';
import { cosineDecay } from '../schedules/cosine-decay';
import { resolveSchedule, stepAtFraction, type TrainingSchedule } from '../schedules/training-schedule';
import type { PrunableSelection } from '../selection/select-prunable';
import { allocateLayers } from './layer-allocation';
import { MaskedPruner } from './masked-pruner';

/** Options of {@link SetPruner} and {@link RigLPruner}. */
export interface DynamicSparsePrunerOptions extends SeedOptions {
  /** Overall sparsity, constant through training. Default 0.95. */
  readonly sparsity?: number;
  /** Default `erk` (a random ERK mask at initialisation, as JaxPruner). `global` is not supported. */
  readonly distribution?: DistributionSpec;
  /** Initial fraction of kept weights replaced at a mask update, cosine-decayed to 0 at the end step. Default 0.3. */
  readonly dropFraction?: number;
  /** Updates between mask updates. Default 5,000. */
  readonly updateFrequency?: number;
  /** First update that may change masks. Default 1. */
  readonly startStep?: number;
  /** Last update that may change masks (also the drop-fraction decay length); or use `endFraction`. */
  readonly endStep?: number;
  /** End as a fraction of `totalUpdates`. Default 0.8. */
  readonly endFraction?: number;
  /** Skip the optimiser on mask-update steps (JaxPruner's `skip_gradients`). Default `true`. */
  readonly skipGradients?: boolean;
  /** Mask gradients. Default `true` (JaxPruner's `is_sparse_gradients`). */
  readonly sparseGradients?: boolean;
  readonly prunable?: PrunableSelection;
  readonly totalUpdates?: number;
  readonly name?: string;
}

const KEYS = [
  'sparsity', 'distribution', 'dropFraction', 'updateFrequency', 'startStep', 'endStep', 'endFraction',
  'skipGradients', 'sparseGradients', 'prunable', 'totalUpdates', 'name', 'rng', 'seed',
] as const;

/**
 * Dynamic sparse training, JaxPruner's `SET` (and base of `RigL`): a random mask at the target
 * sparsity (per-layer targets from the distribution) is applied at initialisation; every
 * `updateFrequency` updates between start and end, before that update (in `transformGradients`,
 * where gradients are known), each sparse layer
 *
 * 1. drops the `dropFraction(step)` of its kept weights with the smallest |w| (the fraction decays
 *    from `dropFraction` to 0 along a cosine ending at the end step), then
 * 2. grows as many connections back, chosen by the growth score among those not kept after the drop
 *    (random for SET, |gradient| for RigL),
 *
 * so each layer's number of weights is unchanged. Grown weights start at zero (they were masked) and
 * their optimiser moments are reset through core's `resetOptimizerSlots`. With
 * `skipGradients` (default) the optimiser update of a mask-update step is skipped (the hook returns no
 * gradients), as the reference does. Gradients are masked on every other step.
 *
 * The reference steers the two top-k selections with `min - 1e-5` / `max + 1e-5` scores; this uses
 * -Infinity / +Infinity, which selects the same weights and stays exact when float32 cannot
 * represent the 1e-5 offset.
 */
export abstract class DynamicSparsePruner extends MaskedPruner {
  readonly distribution: SparsityDistribution;
  readonly sparsityTarget: number;
  readonly dropFraction: number;
  readonly skipGradients: boolean;
  private readonly schedulePlan: ConstantSchedule | TrainingSchedule;
  private readonly totalUpdates: number | undefined;
  private readonly initCriterion: Criterion;
  /** The pruning stream (initial mask from `init`, SET's growth from `grow`). */
  protected readonly rng: Rng;
  private schedule: ConstantSchedule | undefined;
  private dropFractionAt: (step: number) => number = () => 0;
  private allocation = new Map<string, number>();

  protected constructor(options: DynamicSparsePrunerOptions, name: string) {
    checkKnownKeys(`${name} options`, options, KEYS);
    super({ name, ...(options.prunable ? { prunable: options.prunable } : {}), sparseGradients: options.sparseGradients ?? true });
    this.sparsityTarget = checkFraction(`${name}.sparsity`, options.sparsity ?? 0.95);
    this.distribution = resolveDistribution(options.distribution ?? 'erk', `${name}.distribution`);
    if (this.distribution.global) {
      throw new ConfigError({ field: `${name}.distribution`, value: this.distribution.kind, expected: 'a layer-wise distribution (erk or uniform): dynamic sparse training keeps each layer\'s count' });
    }
    this.dropFraction = checkFraction(`${name}.dropFraction`, options.dropFraction ?? 0.3);
    this.skipGradients = checkBoolean(`${name}.skipGradients`, options.skipGradients ?? true);
    this.totalUpdates = options.totalUpdates === undefined ? undefined : checkPositiveInteger(`${name}.totalUpdates`, options.totalUpdates);
    this.rng = resolveRng(options, name, 'pruning');
    this.initCriterion = new RandomCriterion({ rng: this.rng.split('init') });
    const updateFrequency = checkPositiveInteger(`${name}.updateFrequency`, options.updateFrequency ?? 5000);
    const startStep = checkNonNegativeInteger(`${name}.startStep`, options.startStep ?? 1);
    if (options.endStep !== undefined && options.endFraction !== undefined) {
      throw new ConfigError({ field: `${name}.endFraction`, value: options.endFraction, expected: 'nothing when endStep is given' });
    }
    if (options.endStep !== undefined) {
      this.schedulePlan = new ConstantSchedule({ sparsity: this.sparsityTarget, updateFrequency, startStep, endStep: checkNonNegativeInteger(`${name}.endStep`, options.endStep) });
    } else {
      const endFraction = checkFraction(`${name}.endFraction`, options.endFraction ?? 0.8);
      const sparsity = this.sparsityTarget;
      this.schedulePlan = {
        kind: 'constant',
        finalSparsity: sparsity,
        resolve: (totalUpdates: number) => new ConstantSchedule({ sparsity, updateFrequency, startStep, endStep: Math.max(startStep, stepAtFraction(endFraction, totalUpdates)) }),
      };
    }
  }

  /** The drop fraction used at a mask update before update `step`. */
  dropFractionOf(step: number): number {
    return this.dropFractionAt(step);
  }

  /** The growth scores of one layer (random for SET, |gradient| for RigL); the caller disposes them. */
  protected abstract growScores(parameter: Parameter, step: number, gradient: tf.Tensor | undefined): tf.Tensor;

  protected override prepare(context: UpdateContext, prunable: readonly Parameter[]): void {
    this.schedule = resolveSchedule(this.schedulePlan, this.totalUpdates ?? context.totalUpdates, this.name) as ConstantSchedule;
    this.dropFractionAt = cosineDecay(this.dropFraction, this.schedule.endStep ?? 0);
    this.allocation = allocateLayers(this.distribution, prunable, this.sparsityTarget, this.name);
  }

  protected override initialMasks(context: UpdateContext, prunable: readonly Parameter[]): Map<string, tf.Tensor> {
    return computeMasks(prunable, { criterion: this.initCriterion, step: context.step, sparsities: this.allocation });
  }

  protected override onGradients(gradients: NamedGradients, context: UpdateContext): NamedGradients {
    if (!this.schedule!.isUpdateStep(context.step)) return gradients;
    this.updateMasks(context, gradients);
    // An empty map makes the agent skip the optimiser for this update (and dispose the gradients).
    return this.skipGradients ? new Map() : gradients;
  }

  // Weight gradients stay `dense` (the default of gradientNeeds): a grown weight starts at zero, as
  // a pruned one is, so zeros are not the mask here, and the grow step scores pruned weights' gradients.

  protected override targets(): SparsityTargets {
    return { overall: this.sparsityTarget, layers: this.allocation };
  }

  private updateMasks(context: UpdateContext, gradients: NamedGradients): void {
    const step = context.step;
    const drop = this.dropFractionAt(step);
    const masks = new Map<string, tf.Tensor>();
    for (const p of this.prunable) {
      const size = p.variable.size;
      const kept = this.keptCount(p.name);
      if (kept === size) continue; // a dense layer stays dense (the reference's top-k at sparsity 0)
      const old = this.maskOf(p.name)!.dataSync() as Float32Array;
      const weights = p.variable.dataSync() as Float32Array;
      // Drop: rank kept weights by |w|; pruned ones rank lowest.
      const dropScores = new Float32Array(size);
      for (let i = 0; i < size; i++) dropScores[i] = old[i] === 0 ? -Infinity : Math.abs(weights[i]!);
      const dropped = topkMaskArray(dropScores, keepCount(size, 1 - (kept / size) * (1 - drop)));
      // Grow back to the same count: survivors of the drop rank highest.
      const growTensor = this.growScores(p, step, gradients.get(p.name));
      const growScores = Float32Array.from(growTensor.dataSync() as Float32Array);
      growTensor.dispose();
      for (let i = 0; i < size; i++) if (dropped[i] === 1) growScores[i] = Infinity;
      const updated = topkMaskArray(growScores, kept);
      const activated = new Float32Array(size);
      for (let i = 0; i < size; i++) activated[i] = old[i] === 0 && updated[i] === 1 ? 1 : 0;
      const activatedTensor = tf.tensor(activated, p.variable.shape, 'float32');
      try {
        resetOptimizerSlots(context.optimizer, [{ parameter: p.name, mask: activatedTensor }], { parameters: this.prunable, owner: this.name });
      } finally {
        activatedTensor.dispose();
      }
      masks.set(p.name, tf.tensor(updated, p.variable.shape, 'float32'));
    }
    this.replaceMasks(masks);
  }
}

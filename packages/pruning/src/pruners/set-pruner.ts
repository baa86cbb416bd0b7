import type { Parameter } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import { RandomCriterion } from '../criteria/random-criterion';
import { DynamicSparsePruner, type DynamicSparsePrunerOptions } from './dynamic-sparse-pruner';

/**
 * Sparse Evolutionary Training (Mocanu et al. 2018) as JaxPruner's `SET`: drop by magnitude, grow at
 * random (fresh seeded scores each update). See {@link DynamicSparsePruner} for the schedule and
 * defaults. Name `set`.
 */
export class SetPruner extends DynamicSparsePruner {
  private readonly growCriterion: RandomCriterion;

  constructor(options: DynamicSparsePrunerOptions = {}) {
    super(options, options.name ?? 'set');
    this.growCriterion = new RandomCriterion({ rng: this.rng.split('grow') });
  }

  protected override growScores(parameter: Parameter, step: number): tf.Tensor {
    return this.growCriterion.score(parameter, { step });
  }
}

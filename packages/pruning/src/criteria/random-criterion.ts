import { checkKnownKeys, checkNonNegativeInteger, Rng, type Criterion, type Parameter } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link RandomCriterion}. */
export interface RandomCriterionOptions {
  /** The stream to derive scores from. Default: `Rng.fromSeed(seed).split('pruning')`. */
  readonly rng?: Rng;
  /** Used when `rng` is not given. Default 0. */
  readonly seed?: number;
}

const TWO_POW_MINUS_32 = 2 ** -32;

/**
 * Scores weights by uniform noise in [0, 1) (JaxPruner's `RandomPruning` / SET's growth): a mask then
 * keeps a random subset. The noise for update `step` and parameter `name` comes from the stream
 * `rng.split(step).split(name)`, a pure function of the seed, so scores are reproducible, need no
 * checkpointed RNG state and differ between updates (JaxPruner folds the step into its key).
 *
 * Random scores do not see which weights are already pruned; pruners zero the scores of pruned
 * weights so that sparsity only grows (as JaxPruner's `RandomPruning` does).
 */
export class RandomCriterion implements Criterion {
  readonly kind = 'random';
  private readonly rng: Rng;

  constructor(options: RandomCriterionOptions = {}) {
    checkKnownKeys('RandomCriterion options', options, ['rng', 'seed']);
    this.rng = options.rng ?? Rng.fromSeed(checkNonNegativeInteger('RandomCriterion.seed', options.seed ?? 0)).split('pruning');
  }

  score(parameter: Parameter, context: { readonly step: number }): tf.Tensor {
    // Parameter names contain '/', which Rng.split rejects: encode them.
    const stream = this.rng.split(context.step).split(encodeURIComponent(parameter.name));
    const values = new Float32Array(parameter.variable.size);
    // One 32-bit draw per weight: float32 scores cannot hold more bits, and it is twice as fast.
    for (let i = 0; i < values.length; i++) values[i] = stream.uint32() * TWO_POW_MINUS_32;
    return tf.tensor(values, parameter.variable.shape, 'float32');
  }
}

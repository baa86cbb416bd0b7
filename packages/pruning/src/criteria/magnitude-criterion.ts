import type { Criterion, Parameter } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Scores each weight by `|w|` (JaxPruner's `MagnitudePruning.calculate_scores`), so a mask keeps the
 * largest weights. Already-pruned weights are exactly zero and therefore rank lowest.
 */
export class MagnitudeCriterion implements Criterion {
  readonly kind = 'magnitude';

  score(parameter: Parameter): tf.Tensor {
    return tf.abs(parameter.variable);
  }
}

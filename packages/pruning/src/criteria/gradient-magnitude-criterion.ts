import { StateError, type Criterion, type Parameter } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Scores each weight by the magnitude of its gradient, `|g|`: RigL's growth criterion. Needs
 * `context.gradient`; without it this throws a {@link StateError}.
 */
export class GradientMagnitudeCriterion implements Criterion {
  readonly kind = 'gradient-magnitude';

  score(parameter: Parameter, context: { readonly step: number; readonly gradient?: tf.Tensor }): tf.Tensor {
    if (!context.gradient) {
      throw new StateError({
        field: `gradient of ${parameter.name}`,
        value: undefined,
        expected: 'a gradient tensor (the gradient-magnitude criterion scores |grad|)',
      });
    }
    return tf.abs(context.gradient);
  }
}

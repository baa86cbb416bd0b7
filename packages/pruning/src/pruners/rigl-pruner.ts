import { StateError, type Parameter } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { DynamicSparsePruner, type DynamicSparsePrunerOptions } from './dynamic-sparse-pruner';

/**
 * RigL (Evci et al. 2020) as JaxPruner's `RigL`, the paper's Figure 22 baseline: drop by magnitude,
 * grow where the dense gradient is largest (the gradients handed to `transformGradients`, before any
 * masking). See {@link DynamicSparsePruner} for the schedule and defaults. Name `rigl`.
 */
export class RigLPruner extends DynamicSparsePruner {
  constructor(options: DynamicSparsePrunerOptions = {}) {
    super(options, options.name ?? 'rigl');
  }

  protected override growScores(parameter: Parameter, _step: number, gradient: tf.Tensor | undefined): tf.Tensor {
    if (!gradient) {
      throw new StateError({
        field: `${this.name} gradient of ${parameter.name}`,
        value: undefined,
        expected: 'a gradient for every prunable parameter on mask-update steps (RigL grows by |gradient|)',
      });
    }
    return tf.abs(gradient);
  }
}

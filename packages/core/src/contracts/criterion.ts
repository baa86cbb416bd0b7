import type { Tensor } from '@tensorflow/tfjs-core';
import type { Parameter } from './parameter';

/**
 * Scores weights for pruning: a mask keeps the highest scores. `magnitude` scores `|w|`; `random`
 * scores seeded noise. Scores have the parameter's shape; the caller disposes them.
 */
export interface Criterion {
  readonly kind: string;
  score(parameter: Parameter, context: { readonly step: number; readonly gradient?: Tensor }): Tensor;
}

/** DI token of {@link Criterion}. */
export const Criterion = Symbol.for('@prunerl/core/Criterion');

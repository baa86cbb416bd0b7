import type { Parameter } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

/** L2 norms of a network's parameters. */
export interface ParameterNorms {
  /** `sqrt(sum over every parameter of sum w^2)`: the global L2 norm (PAPER.md 4.6, ParametersNorm). */
  readonly norm: number;
  readonly parameters: readonly { readonly name: string; readonly norm: number }[];
}

/**
 * The global and per-parameter L2 norms of `parameters` (all roles by default; pass a filter, e.g.
 * `(p) => p.role === 'kernel'`, for kernels only). Squares are summed per tensor on the backend and
 * across tensors in float64.
 */
export function parameterNorms(parameters: readonly Parameter[], include: (p: Parameter) => boolean = () => true): ParameterNorms {
  let total = 0;
  const perParameter = parameters.filter(include).map((p) => {
    const squares = tf.tidy(() => tf.sum(tf.square(p.variable)).dataSync()[0]!);
    total += squares;
    return { name: p.name, norm: Math.sqrt(squares) };
  });
  return { norm: Math.sqrt(total), parameters: perParameter };
}

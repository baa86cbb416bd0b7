import type { Variable } from '@tensorflow/tfjs-core';

/**
 * What a parameter is for. Pruning and diagnostics select by role (e.g. prune `kernel`s, never
 * `bias`es); other strings are allowed for custom layers.
 */
export type ParameterRole = 'kernel' | 'bias' | 'noise-sigma-kernel' | 'noise-sigma-bias' | 'norm-scale' | 'norm-offset' | (string & {});

/** One trainable tensor of a network, with a stable hierarchical name. */
export interface Parameter {
  /** Stable, unique within a network: `torso/stack1/conv/kernel`, `head/dense/bias`. */
  readonly name: string;
  readonly variable: Variable;
  readonly role: ParameterRole;
  /** The layer it belongs to: `torso/stack1/conv`. Parameters of one layer share it. */
  readonly layer: string;
}

import type { Criterion, NamedGradients, Parameter } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';
import { globalTopkMasks } from './global-topk-masks';
import { topkMask } from './topk-mask';

/** What {@link computeMasks} ranks and to which sparsity. */
export interface ComputeMasksOptions {
  readonly criterion: Criterion;
  /** The update index, handed to the criterion (random scores differ per step). */
  readonly step: number;
  /** Per-tensor sparsity (layer-wise ranking); ignored for tensors absent from it. */
  readonly sparsities: ReadonlyMap<string, number>;
  /** Rank every tensor together at this overall sparsity instead (one threshold). */
  readonly global?: { readonly sparsity: number; readonly normalize: boolean };
  /**
   * The current masks: scores of already-pruned weights are zeroed so they rank lowest and sparsity
   * only grows (JaxPruner's RandomPruning does this; for magnitude it changes nothing since pruned
   * weights are zero). Scores must therefore be >= 0.
   */
  readonly current?: (name: string) => tf.Tensor | undefined;
  readonly gradients?: NamedGradients;
}

/**
 * New masks for `parameters` from a criterion's scores: per tensor (top-k at its own sparsity) or
 * globally. Works one tensor at a time, so peak memory is one layer's scores. The caller owns the
 * returned masks.
 */
export function computeMasks(parameters: readonly Parameter[], options: ComputeMasksOptions): Map<string, tf.Tensor> {
  const scoreOf = (p: Parameter): tf.Tensor =>
    tf.tidy(() => {
      const raw = options.criterion.score(p, { step: options.step, ...(options.gradients?.has(p.name) ? { gradient: options.gradients.get(p.name)! } : {}) });
      const mask = options.current?.(p.name);
      return mask ? tf.mul(raw, mask) : raw;
    });
  if (options.global) {
    const scores = new Map(parameters.map((p) => [p.name, scoreOf(p)]));
    try {
      return globalTopkMasks(scores, options.global.sparsity, { normalize: options.global.normalize });
    } finally {
      tf.dispose([...scores.values()]);
    }
  }
  const masks = new Map<string, tf.Tensor>();
  for (const p of parameters) {
    const sparsity = options.sparsities.get(p.name);
    if (sparsity === undefined) continue;
    const scores = scoreOf(p);
    try {
      masks.set(p.name, topkMask(scores, sparsity));
    } finally {
      scores.dispose();
    }
  }
  return masks;
}

import type { Tensor } from '@tensorflow/tfjs-core';
import type { Optimizer } from '../contracts/optimizer';
import type { Parameter } from '../contracts/parameter';
import { ConfigError } from '../errors/config-error';
import { ShapeError } from '../errors/shape-error';

/** One parameter whose optimiser moments {@link resetOptimizerSlots} zeroes. */
export interface SlotReset {
  /** The parameter's name (`torso/dense/kernel`), as the optimiser keys its slots. */
  readonly parameter: string;
  /**
   * Where to zero: 1 (or true) entries are reset, 0 entries kept; same shape as the parameter.
   * Absent: every entry. The caller keeps ownership (and disposes it).
   */
  readonly mask?: Tensor;
}

/** Options of {@link resetOptimizerSlots}. */
export interface ResetOptimizerSlotsOptions {
  /**
   * The network's parameters. When given, every name must be one of them and every mask must have
   * its parameter's shape, so a typo or a transposed mask fails loudly instead of being ignored
   * (the optimiser itself ignores unknown names, which it must for parameters without slots yet).
   */
  readonly parameters?: readonly Parameter[];
  /** Prefix of error fields (the caller's name, e.g. `redo`). Default `resetOptimizerSlots`. */
  readonly owner?: string;
}

/**
 * Optimiser-state surgery for plugins that edit weights: zeroes the optimiser moments (Adam's m and
 * v, RMSProp's accumulators, ...) of chosen weights through {@link Optimizer.resetSlots}, so that
 * stale moments do not push edited weights back. Used by RigL and SET (weights they grow), ReDo
 * (incoming and outgoing weights of recycled neurons) and Reset (re-initialised layers), as Dopamine's
 * `reset_momentum(momentum, mask) = momentum * (1 - mask)` and JaxPruner's reset of grown weights.
 *
 * Every entry is checked before any slot changes (names against `options.parameters` when given,
 * masks against the parameter shapes), so a bad request changes nothing. Entries for the same
 * parameter apply in turn (their union is reset). Does no tensor work itself: the optimiser does.
 * Returns the number of entries applied.
 *
 * @example
 * ```ts
 * const grown = tf.tensor(activated, p.variable.shape);   // 1 where a weight was regrown
 * resetOptimizerSlots(context.optimizer, [{ parameter: p.name, mask: grown }], { parameters: context.parameters });
 * grown.dispose();
 * ```
 */
export function resetOptimizerSlots(optimizer: Optimizer, resets: Iterable<SlotReset>, options: ResetOptimizerSlotsOptions = {}): number {
  const owner = options.owner ?? 'resetOptimizerSlots';
  if (optimizer === null || typeof optimizer !== 'object' || typeof optimizer.resetSlots !== 'function') {
    throw new ConfigError({ field: `${owner}(optimizer)`, value: optimizer, expected: 'an Optimizer with a resetSlots(name, mask?) method' });
  }
  const byName = options.parameters ? new Map(options.parameters.map((p) => [p.name, p])) : undefined;
  const entries = [...resets];
  entries.forEach((entry, i) => {
    const field = `${owner}(resets[${i}])`;
    if (entry === null || typeof entry !== 'object' || typeof entry.parameter !== 'string') {
      throw new ConfigError({ field, value: entry, expected: 'an object { parameter: string, mask?: Tensor }' });
    }
    const parameter = byName?.get(entry.parameter);
    if (byName && !parameter) {
      throw new ConfigError({
        field: `${field}.parameter`,
        value: entry.parameter,
        expected: `the name of a parameter of the network (${[...byName.keys()].join(', ')})`,
      });
    }
    const mask = entry.mask;
    if (mask === undefined) return;
    if (mask === null || typeof mask !== 'object' || !Array.isArray(mask.shape)) {
      throw new ConfigError({ field: `${field}.mask`, value: mask, expected: 'a tensor (1 where moments are reset) or nothing (all)' });
    }
    if (parameter) {
      const expected = parameter.variable.shape;
      if (mask.shape.length !== expected.length || mask.shape.some((d, k) => d !== expected[k])) {
        throw new ShapeError({ field: `${field}.mask`, value: mask.shape, expected: `a mask of the parameter's shape [${expected.join(', ')}]` });
      }
    }
  });
  for (const entry of entries) optimizer.resetSlots(entry.parameter, entry.mask);
  return entries.length;
}

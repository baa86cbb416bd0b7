import { checkOneOf, ConfigError, type Optimizer } from '@prunerl/core';
import { AdamOptimizer, type AdamOptions } from './adam-optimizer';
import { RMSPropOptimizer, type RMSPropOptions } from './rmsprop-optimizer';

/** An optimiser described as data (presets, configs): its registry name plus its options. */
export type OptimizerConfig =
  | ({ readonly kind: 'adam' } & AdamOptions)
  | ({ readonly kind: 'rmsprop-centered' } & Omit<RMSPropOptions, 'centered'>)
  | ({ readonly kind: 'rmsprop' } & Omit<RMSPropOptions, 'centered'>);

/** Names {@link createOptimizer} understands (also the `optimizers` registry names). */
export const OPTIMIZER_KINDS = ['adam', 'rmsprop-centered', 'rmsprop'] as const;

/**
 * Builds an optimiser from a config object; unknown kinds or options throw a `ConfigError` naming
 * the field.
 *
 * @example
 * ```ts
 * const optimizer = createOptimizer({ kind: 'adam', learningRate: 2.5e-4, epsilon: 3.125e-4 });
 * ```
 */
export function createOptimizer(config: OptimizerConfig): Optimizer {
  if (config === null || typeof config !== 'object') {
    throw new ConfigError({ field: 'optimizer', value: config, expected: 'an object with a "kind"' });
  }
  const { kind, ...options } = config;
  if (kind !== 'adam' && 'centered' in options) {
    throw new ConfigError({
      field: 'optimizer.centered',
      value: (options as { centered?: unknown }).centered,
      expected: 'no "centered" option: the kind ("rmsprop-centered" or "rmsprop") says it',
    });
  }
  switch (checkOneOf('optimizer.kind', kind, OPTIMIZER_KINDS)) {
    case 'adam':
      return new AdamOptimizer(options as AdamOptions);
    case 'rmsprop-centered':
      return new RMSPropOptimizer({ ...(options as RMSPropOptions), centered: true });
    case 'rmsprop':
      return new RMSPropOptimizer({ ...(options as RMSPropOptions), centered: false });
  }
}

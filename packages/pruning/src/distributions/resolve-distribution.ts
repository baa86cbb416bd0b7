import { checkOneOf, type SparsityDistribution } from '@prunerl/core';
import { ErkDistribution } from './erk-distribution';
import { GlobalDistribution } from './global-distribution';
import { UniformDistribution } from './uniform-distribution';

/** The distributions known by name. */
export const DISTRIBUTION_NAMES = ['erk', 'uniform', 'global'] as const;
/** A distribution by name, or any {@link SparsityDistribution}. */
export type DistributionSpec = (typeof DISTRIBUTION_NAMES)[number] | SparsityDistribution;

/** Turns a name (`erk`, `uniform`, `global`) into a distribution with default options; passes objects through. */
export function resolveDistribution(spec: DistributionSpec, field: string): SparsityDistribution {
  if (typeof spec === 'object' && spec !== null && typeof spec.allocate === 'function') return spec;
  switch (checkOneOf(field, spec, DISTRIBUTION_NAMES)) {
    case 'erk':
      return new ErkDistribution();
    case 'uniform':
      return new UniformDistribution();
    case 'global':
      return new GlobalDistribution();
  }
}

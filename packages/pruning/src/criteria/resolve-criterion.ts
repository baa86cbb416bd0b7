import { checkOneOf, type Criterion, type Rng } from '@prunerl/core';
import { GradientMagnitudeCriterion } from './gradient-magnitude-criterion';
import { MagnitudeCriterion } from './magnitude-criterion';
import { RandomCriterion } from './random-criterion';

/** The criteria known by name. */
export const CRITERION_NAMES = ['magnitude', 'random', 'gradient-magnitude'] as const;
/** A criterion by name, or any {@link Criterion}. */
export type CriterionSpec = (typeof CRITERION_NAMES)[number] | Criterion;

/** Turns a name into a criterion (`random` draws from `rng`); passes objects through. */
export function resolveCriterion(spec: CriterionSpec, field: string, rng: Rng): Criterion {
  if (typeof spec === 'object' && spec !== null && typeof spec.score === 'function') return spec;
  switch (checkOneOf(field, spec, CRITERION_NAMES)) {
    case 'magnitude':
      return new MagnitudeCriterion();
    case 'random':
      return new RandomCriterion({ rng });
    case 'gradient-magnitude':
      return new GradientMagnitudeCriterion();
  }
}

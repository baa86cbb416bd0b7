import type { Box } from './box';
import type { Discrete } from './discrete';
import type { Space } from './space';

/**
 * Whether `space` is a {@link Discrete} space, read from its `kind` rather than `instanceof`, so a
 * space from a plugin's own copy of `@prunerl/core` counts too.
 */
export function isDiscrete(space: Space<unknown>): space is Discrete {
  return space?.kind === 'discrete' && typeof (space as Partial<Discrete>).n === 'number';
}

/** Whether `space` is a {@link Box} space, by `kind` (see {@link isDiscrete}). */
export function isBox(space: Space<unknown>): space is Box {
  return space?.kind === 'box' && Array.isArray(space.shape);
}

import { checkNonNegativeInteger, Rng } from '@prunerl/core';

/** Seed options shared by pruners that draw random numbers. */
export interface PrunerRngOptions {
  /** The pruning stream (e.g. `root.split('pruning')`, or `FactoryContext.rng`). */
  readonly rng?: Rng;
  /** Used when `rng` is not given: the stream is `Rng.fromSeed(seed).split('pruning')`. Default 0. */
  readonly seed?: number;
}

/** The stream a pruner draws from, from `rng` or `seed`. */
export function prunerRng(options: PrunerRngOptions, owner: string): Rng {
  if (options.rng !== undefined) return options.rng;
  return Rng.fromSeed(checkNonNegativeInteger(`${owner}.seed`, options.seed ?? 0)).split('pruning');
}

import { checkNonNegativeInteger, Rng } from '@prunerl/core';

/** Seed options of the hooks that draw random numbers. */
export interface HookRngOptions {
  /** The hook's stream (e.g. `FactoryContext.rng`, or `root.split('hooks').split(i)`). */
  readonly rng?: Rng;
  /** Used when `rng` is not given: the stream is `Rng.fromSeed(seed).split(<hook name>)`. Default 0. */
  readonly seed?: number;
}

/** The stream a hook draws from, from `rng` or `seed`. */
export function hookRng(options: HookRngOptions, owner: string): Rng {
  if (options.rng !== undefined) return options.rng;
  return Rng.fromSeed(checkNonNegativeInteger(`${owner}.seed`, options.seed ?? 0)).split(owner);
}

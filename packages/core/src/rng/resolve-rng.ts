import { checkNonNegativeInteger } from '../validation/options';
import { Rng } from './rng';

/** Seed options of a part that draws random numbers (a pruner, a plasticity hook, ...). */
export interface SeedOptions {
  /** The part's stream (e.g. `FactoryContext.rng`, or `root.split('pruning')`). */
  readonly rng?: Rng;
  /** Used when `rng` is not given: the stream is `Rng.fromSeed(seed).split(<stream name>)`. Default 0. */
  readonly seed?: number;
}

/**
 * The stream `owner` draws from: `options.rng` when given (the runner passes a stream split from
 * the run seed), else `Rng.fromSeed(options.seed ?? 0).split(stream)`, so a part built by hand with
 * only a seed is still deterministic. Throws a `ConfigError` on `<owner>.seed` for a seed that is
 * not a non-negative integer.
 *
 * @example
 * ```ts
 * const rng = resolveRng({ seed: 3 }, 'gmp', 'pruning'); // Rng.fromSeed(3).split('pruning')
 * ```
 */
export function resolveRng(options: SeedOptions, owner: string, stream: string): Rng {
  if (options.rng !== undefined) return options.rng;
  return Rng.fromSeed(checkNonNegativeInteger(`${owner}.seed`, options.seed ?? 0)).split(stream);
}

import { checkBoolean, checkKnownKeys, checkNumber, checkPositiveInteger, ConfigError, Rng } from '@prunerl/core';

/** How a stratified bootstrap runs. Every field is optional. */
export interface BootstrapOptions {
  /** Bootstrap replicates. Default 2,000 (rliable's default for profiles; it uses 50,000 for intervals). */
  readonly reps?: number;
  /** Coverage of the two-sided percentile interval, in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** The stream to draw resampling indices from. Default: `Rng.fromSeed(seed).split('bootstrap')`. */
  readonly rng?: Rng;
  /** Seed used when no `rng` is given. Default 0, so results are reproducible by default. */
  readonly seed?: number;
  /**
   * Also resample tasks with replacement (rliable's `task_bootstrap`): the interval then reflects the
   * choice of tasks as well as of seeds. Default false (resample runs within each task only).
   */
  readonly taskBootstrap?: boolean;
}

/** {@link BootstrapOptions} with defaults applied. */
export interface ResolvedBootstrapOptions {
  readonly reps: number;
  readonly confidence: number;
  readonly rng: Rng;
  readonly taskBootstrap: boolean;
}

const KNOWN = ['reps', 'confidence', 'rng', 'seed', 'taskBootstrap'] as const;

/** Validates `options` and fills in the defaults; throws a `ConfigError` naming a bad field. */
export function resolveBootstrapOptions(options: BootstrapOptions = {}, owner = 'bootstrap options'): ResolvedBootstrapOptions {
  checkKnownKeys(owner, options, KNOWN);
  const reps = options.reps === undefined ? 2000 : checkPositiveInteger(`${owner}.reps`, options.reps);
  const confidence =
    options.confidence === undefined
      ? 0.95
      : checkNumber(`${owner}.confidence`, options.confidence, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  if (options.rng !== undefined && !(options.rng instanceof Rng)) {
    throw new ConfigError({ field: `${owner}.rng`, value: options.rng, expected: 'an Rng from @prunerl/core' });
  }
  const rng = options.rng ?? Rng.fromSeed(options.seed ?? 0).split('bootstrap');
  const taskBootstrap = options.taskBootstrap === undefined ? false : checkBoolean(`${owner}.taskBootstrap`, options.taskBootstrap);
  return { reps, confidence, rng, taskBootstrap };
}

/** A stream name for `key` that `Rng.split` accepts (no "/"), stable for a given key. */
export function streamName(key: string): string {
  return encodeURIComponent(key) || 'empty';
}

import { checkFraction, checkNonNegativeInteger, checkNumber, ConfigError, Rng } from '@prunerl/core';
import type { DatasetManifest } from './dataset-format';

/**
 * Which part of a dataset to use. `from`/`to` pick a stretch of the run that logged it (early, middle
 * or late: `{ from: 0, to: 0.33 }`, ...); `fraction` then keeps that share of the stretch's shards,
 * chosen at random with `seed` (Dopamine's "5%" offline datasets, which sample whole logged buffers
 * of consecutive transitions). Shards are the unit of the random choice, so the share is rounded to
 * whole shards (at least one); `from`/`to` cut inside shards.
 */
export interface DatasetSelection {
  /** Start of the stretch, as a fraction of the dataset's transitions. Default 0. */
  readonly from?: number;
  /** End of the stretch (exclusive), as a fraction of the dataset's transitions. Default 1. */
  readonly to?: number;
  /** Share of the stretch's shards to keep, in (0, 1]. Default 1 (all). */
  readonly fraction?: number;
  /** Seed of the random choice of shards. Default 0. */
  readonly seed?: number;
}

/** The transitions `[start, end)` of shard `shard` (indices within the shard). */
export interface ShardSlice {
  readonly shard: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The slices of `manifest`'s shards that `selection` picks, in dataset order. Bad values, and a
 * selection that picks nothing, throw a `ConfigError` naming `<field>.<key>`.
 */
export function selectShards(manifest: DatasetManifest, selection: DatasetSelection = {}, field = 'selection'): ShardSlice[] {
  const from = checkFraction(`${field}.from`, selection.from ?? 0);
  const to = checkFraction(`${field}.to`, selection.to ?? 1);
  const fraction = checkNumber(`${field}.fraction`, selection.fraction ?? 1, { min: 0, minExclusive: true, max: 1 });
  const seed = checkNonNegativeInteger(`${field}.seed`, selection.seed ?? 0);
  if (!(from < to)) throw new ConfigError({ field: `${field}.to`, value: to, expected: `more than from (${from})` });
  const first = Math.round(from * manifest.transitions);
  const last = Math.round(to * manifest.transitions);
  let slices: ShardSlice[] = [];
  manifest.shards.forEach((shard, index) => {
    const start = Math.max(first, shard.firstTransition) - shard.firstTransition;
    const end = Math.min(last, shard.firstTransition + shard.transitions) - shard.firstTransition;
    if (start < end) slices.push({ shard: index, start, end });
  });
  if (slices.length === 0) {
    throw new ConfigError({ field, value: { from, to }, expected: `a part of the dataset's ${manifest.transitions} transitions holding at least one` });
  }
  if (fraction < 1) {
    const keep = Math.max(1, Math.round(fraction * slices.length));
    const chosen = new Set(Rng.fromSeed(seed).split('dataset-subset').shuffle(slices.map((_, i) => i)).slice(0, keep));
    slices = slices.filter((_, i) => chosen.has(i));
  }
  return slices;
}

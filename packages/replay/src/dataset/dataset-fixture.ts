/**
 * Test fixtures of the dataset specs (not published: `*.fixture.ts` is left out of the package
 * files): datasets built in memory from scripted episodes, as a logging run would write them.
 */
import type { Transition, TypedArray } from '@prunerl/core';
import type { DatasetManifest, DatasetSpec } from './dataset-format';
import { encodeShard } from './shard-codec';
import { crc32 } from '../state/crc32';
import { assembleDataset, type LoadedDataset } from './loaded-dataset';
import { ShardBuilder, type TransitionColumns } from './transition-columns';

/** Observations of 3 float32 values; 7 actions (the scripted episodes' `id % 7`). */
export const SPEC: DatasetSpec = { environment: 'Scripted-v0', observationShape: [3], observationDtype: 'float32', numActions: 7 };

/** `transitions` cut into shards of `perShard` (epsilon `i / 100` for transition `i`), with their manifest. */
export function shardsOf(transitions: readonly Transition<TypedArray>[], perShard: number): { manifest: DatasetManifest; columns: TransitionColumns[]; bytes: Uint8Array[] } {
  const columns: TransitionColumns[] = [];
  const builder = new ShardBuilder(SPEC);
  transitions.forEach((t, i) => {
    builder.append(t, i / 100);
    if (builder.count === perShard) columns.push(builder.take());
  });
  if (builder.count > 0) columns.push(builder.take());
  let first = 0;
  const bytes = columns.map((c, index) => {
    const out = encodeShard(c, { index, firstTransition: first, observationShape: SPEC.observationShape, observationDtype: SPEC.observationDtype });
    first += c.count;
    return out;
  });
  first = 0;
  const shards = columns.map((c, index) => {
    const ended = (i: number) => (c.flags[i]! & 3) !== 0;
    const startsEpisode = index === 0 || (columns[index - 1]!.flags[columns[index - 1]!.count - 1]! & 3) !== 0;
    const entry = { file: `shard-${String(index).padStart(6, '0')}.bin`, firstTransition: first, transitions: c.count, episodesEnded: 0, startsEpisode, endsEpisode: ended(c.count - 1), bytes: bytes[index]!.length, crc32: crc32(bytes[index]!) };
    first += c.count;
    return entry;
  });
  const manifest: DatasetManifest = { format: 'prunerl-dataset', version: 1, spec: SPEC, source: {}, shardTransitions: perShard, transitions: first, shards };
  return { manifest, columns, bytes };
}

/** The whole of `transitions` (or the given slices of its shards) as a loaded dataset. */
export function loadedOf(transitions: readonly Transition<TypedArray>[], perShard: number, slices?: ReadonlyArray<{ shard: number; start: number; end: number }>): LoadedDataset {
  const { manifest, columns } = shardsOf(transitions, perShard);
  const chosen = slices ?? columns.map((c, shard) => ({ shard, start: 0, end: c.count }));
  return assembleDataset(SPEC, [{ manifest, slices: chosen.map((s) => ({ ...s, columns: columns[s.shard]! })) }]);
}

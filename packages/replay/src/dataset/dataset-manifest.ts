import { DatasetError } from '@prunerl/core';
import { DATASET_FORMAT, DATASET_FORMAT_VERSION, shardFileName, type DatasetManifest, type DatasetSpec } from './dataset-format';

const DTYPES = ['float32', 'float64', 'uint8', 'int32'];

/** The text of `manifest.json` for `manifest` (pretty JSON, so a person can read what a dataset holds). */
export function encodeManifest(manifest: DatasetManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Reads `manifest.json`'s text (`file` names it in errors) and checks it: format and version, the
 * spec, and shards that follow each other (`shard-000000.bin`, ... with consecutive transition
 * ranges adding up to `transitions`). A fault is a `DatasetError` naming the file (offset 0: the
 * manifest is read whole).
 */
export function parseManifest(text: string, file: string): DatasetManifest {
  const fail = (expected: string, value: unknown, field: string): never => {
    throw new DatasetError({ file, offset: 0 }, { field, expected, value });
  };
  let manifest: Partial<DatasetManifest> | null;
  try {
    manifest = JSON.parse(text) as Partial<DatasetManifest> | null;
  } catch {
    return fail('JSON', `${text.length} characters`, 'manifest');
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.format !== DATASET_FORMAT) fail(`a "${DATASET_FORMAT}" manifest`, manifest?.format, 'format');
  if (manifest!.version !== DATASET_FORMAT_VERSION) fail(`version ${DATASET_FORMAT_VERSION}`, manifest!.version, 'version');
  const m = manifest as DatasetManifest;
  checkSpec(m.spec, fail);
  const integer = (value: unknown, min = 0): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
  if (!integer(m.shardTransitions, 1)) fail('an integer >= 1', m.shardTransitions, 'shardTransitions');
  if (!Array.isArray(m.shards)) fail('an array of shards', m.shards, 'shards');
  let next = 0;
  m.shards.forEach((shard, i) => {
    if (shard === null || typeof shard !== 'object' || shard.file !== shardFileName(i)) fail(`"${shardFileName(i)}"`, shard?.file, `shards[${i}].file`);
    if (shard.firstTransition !== next) fail(`${next} (right after the previous shard)`, shard.firstTransition, `shards[${i}].firstTransition`);
    if (!integer(shard.transitions, 1)) fail('an integer >= 1', shard.transitions, `shards[${i}].transitions`);
    if (!integer(shard.episodesEnded)) fail('an integer >= 0', shard.episodesEnded, `shards[${i}].episodesEnded`);
    if (!integer(shard.bytes, 1)) fail('an integer >= 1', shard.bytes, `shards[${i}].bytes`);
    if (typeof shard.startsEpisode !== 'boolean') fail('true or false', shard.startsEpisode, `shards[${i}].startsEpisode`);
    if (typeof shard.endsEpisode !== 'boolean') fail('true or false', shard.endsEpisode, `shards[${i}].endsEpisode`);
    if (!integer(shard.crc32) || shard.crc32 > 0xffffffff) fail('a CRC-32 (an integer in [0, 2^32))', shard.crc32, `shards[${i}].crc32`);
    next += shard.transitions;
  });
  if (m.transitions !== next) fail(`${next} (the sum over the shards)`, m.transitions, 'transitions');
  if (m.source === null || typeof m.source !== 'object') fail('an object', m.source, 'source');
  return m;
}

function checkSpec(spec: DatasetSpec | undefined, fail: (expected: string, value: unknown, field: string) => never): void {
  if (spec === null || typeof spec !== 'object') fail('an object', spec, 'spec');
  if (typeof spec!.environment !== 'string' || spec!.environment.length === 0) fail('an environment id', spec!.environment, 'spec.environment');
  if (!Array.isArray(spec!.observationShape) || spec!.observationShape.length === 0 || !spec!.observationShape.every((d) => Number.isSafeInteger(d) && d >= 1)) {
    fail('an array of positive integers', spec!.observationShape, 'spec.observationShape');
  }
  if (!DTYPES.includes(spec!.observationDtype)) fail(`one of ${DTYPES.join(', ')}`, spec!.observationDtype, 'spec.observationDtype');
  if (!Number.isSafeInteger(spec!.numActions) || spec!.numActions < 1) fail('an integer >= 1', spec!.numActions, 'spec.numActions');
}

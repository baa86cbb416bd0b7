import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, DatasetError } from '@prunerl/core';
import { crc32 } from '../state/crc32';
import { DATASET_MANIFEST_FILE, type DatasetManifest } from '../dataset/dataset-format';
import { parseManifest } from '../dataset/dataset-manifest';
import { selectShards, type DatasetSelection } from '../dataset/dataset-selection';
import { assembleDataset, type LoadedDataset } from '../dataset/loaded-dataset';
import { decodeShard } from '../dataset/shard-codec';

/** One dataset to read and the part of it to use. */
export interface DatasetSource extends DatasetSelection {
  /** A dataset directory (holding `manifest.json`), or a run directory whose `dataset/` holds one. */
  readonly path: string;
}

/** A dataset's manifest and the directory it was found in. */
export interface DatasetLocation {
  readonly directory: string;
  readonly manifest: DatasetManifest;
}

/** The dataset directory `path` names: itself, or its `dataset/` (a run directory that logged one). */
export function datasetDirectoryOf(path: string): string {
  const direct = resolve(path);
  if (existsSync(join(direct, DATASET_MANIFEST_FILE))) return direct;
  const inRun = join(direct, 'dataset');
  return existsSync(join(inRun, DATASET_MANIFEST_FILE)) ? inRun : direct;
}

/**
 * Reads and checks the manifest of the dataset at `path` (see {@link datasetDirectoryOf}); a
 * missing or malformed manifest is a `DatasetError` naming its file.
 */
export async function readDatasetManifest(path: string): Promise<DatasetLocation> {
  const directory = datasetDirectoryOf(path);
  const file = join(directory, DATASET_MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DatasetError({ file, offset: 0 }, { expected: `a dataset's ${DATASET_MANIFEST_FILE} (is ${path} a dataset or a run directory that logged one?)`, value: 'no readable file' }, { cause });
  }
  return { directory, manifest: parseManifest(text, file) };
}

/**
 * Reads the selected parts of one or more datasets of the same task (each with its own selection:
 * early, middle or late stretches of a run, a random share of shards), checking every shard it
 * reads, and combines them in the order given. A missing, truncated or corrupt shard (or one that
 * is not the shard the manifest lists) is a `DatasetError` naming the file and byte offset;
 * datasets of different tasks are a `ConfigError` naming `datasets[i]`.
 *
 * @example
 * ```ts
 * // The late third of one run and a random 5% of another's shards.
 * const dataset = await readDataset([{ path: 'runs/a/seed-0', from: 0.67 }, { path: 'runs/b/seed-0', fraction: 0.05, seed: 1 }]);
 * ```
 */
export async function readDataset(sources: string | DatasetSource | readonly DatasetSource[]): Promise<LoadedDataset> {
  const list: readonly DatasetSource[] = typeof sources === 'string' ? [{ path: sources }] : Array.isArray(sources) ? sources : [sources as DatasetSource];
  if (list.length === 0) throw new ConfigError({ field: 'datasets', value: [], expected: 'at least one dataset' });
  const parts = [];
  let first: DatasetManifest | undefined;
  for (const [i, source] of list.entries()) {
    const { directory, manifest } = await readDatasetManifest(source.path);
    if (first && JSON.stringify(manifest.spec) !== JSON.stringify(first.spec)) {
      throw new ConfigError({ field: `datasets[${i}]`, value: manifest.spec, expected: `a dataset of the same task as datasets[0] (${JSON.stringify(first.spec)})` });
    }
    first ??= manifest;
    const slices = selectShards(manifest, source, `datasets[${i}]`);
    const decoded = [];
    for (const slice of slices) {
      const entry = manifest.shards[slice.shard]!;
      const file = join(directory, entry.file);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (cause) {
        throw new DatasetError(
          { file, offset: 0 },
          { expected: `shard ${slice.shard} of ${join(directory, DATASET_MANIFEST_FILE)} (transitions ${entry.firstTransition} to ${entry.firstTransition + entry.transitions - 1})`, value: 'no readable file' },
          { cause },
        );
      }
      const columns = decodeShard(bytes, file, { index: slice.shard, firstTransition: entry.firstTransition, transitions: entry.transitions, observationShape: manifest.spec.observationShape, observationDtype: manifest.spec.observationDtype });
      const checksum = crc32(bytes);
      if (bytes.length !== entry.bytes || checksum !== entry.crc32) {
        throw new DatasetError({ file, offset: 0 }, { expected: `the shard the manifest lists (${entry.bytes} bytes, CRC-32 ${entry.crc32})`, value: `${bytes.length} bytes, CRC-32 ${checksum}` });
      }
      decoded.push({ ...slice, columns });
    }
    parts.push({ manifest, slices: decoded });
  }
  return assembleDataset(first!.spec, parts);
}

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ConfigError } from '@prunerl/core';
import { writeFileAtomically } from '../checkpoint/atomic-file';
import { EPISODE_METRICS } from '../experiment/experiment-loop';
import { readRunMetadata, RUN_FILES } from '../run/run-directory';

/** The compressed metrics file of an archived run, which `@prunerl/evaluation`'s reader takes. */
export const ARCHIVED_METRICS_FILE = `${RUN_FILES.metricsJsonl}.gz`;

/** Options of {@link archiveRuns}. */
export interface ArchiveOptions {
  /** Keep the per-episode records too (about 4 MB per 1M frames before compression). Default false. */
  readonly keepEpisodes?: boolean;
  /** Search depth for run directories under the root. Default 4 (as the report searches). */
  readonly maxDepth?: number;
}

/** What {@link archiveRuns} did with one run directory. */
export interface ArchivedRun {
  /** Path relative to the root. */
  readonly id: string;
  /** `archived`, or why not: the run is not complete, or it has no `metrics.jsonl`. */
  readonly outcome: 'archived' | 'incomplete' | 'no-metrics';
  readonly records?: number;
  readonly bytes?: number;
}

/**
 * Writes, beside `metrics.jsonl`, the `metrics.jsonl.gz` of every complete run under `root`: its
 * records without the per-episode ones (unless `keepEpisodes`), gzip-compressed, written
 * atomically. Together with `meta.json` and `config.json` it is what a study commits to a
 * repository: the report reads it when `metrics.jsonl` is absent, checkpoints and full logs stay
 * out. A study of 90 runs of 1M frames keeps about 40 KB per run this way instead of ~6 MB.
 * Runs still going (or failed) are left alone and reported as `incomplete`.
 */
export async function archiveRuns(root: string, options: ArchiveOptions = {}): Promise<ArchivedRun[]> {
  if (!existsSync(root)) throw new ConfigError({ field: 'runs directory', value: root, expected: 'an existing directory of run directories' });
  const maxDepth = options.maxDepth ?? 4;
  const directories: string[] = [];
  const visit = async (directory: string, depth: number): Promise<void> => {
    if (existsSync(join(directory, RUN_FILES.metadata))) {
      directories.push(directory);
      return;
    }
    if (depth >= maxDepth) return;
    const entries = await readdir(directory, { withFileTypes: true });
    for (const entry of entries) if (entry.isDirectory() && entry.name !== RUN_FILES.checkpoints) await visit(join(directory, entry.name), depth + 1);
  };
  await visit(root, 0);
  directories.sort();
  const results: ArchivedRun[] = [];
  for (const directory of directories) {
    const id = relative(root, directory) || '.';
    const metadata = await readRunMetadata(directory);
    if (metadata?.status !== 'complete') {
      results.push({ id, outcome: 'incomplete' });
      continue;
    }
    const source = join(directory, RUN_FILES.metricsJsonl);
    if (!existsSync(source)) {
      results.push({ id, outcome: existsSync(join(directory, ARCHIVED_METRICS_FILE)) ? 'archived' : 'no-metrics' });
      continue;
    }
    const lines = (await readFile(source, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    const kept = options.keepEpisodes ? lines : lines.filter((line) => !EPISODE_METRICS.has(metricName(line, source)));
    const written = await writeFileAtomically(join(directory, ARCHIVED_METRICS_FILE), gzipSync(`${kept.join('\n')}\n`, { level: 9 }));
    results.push({ id, outcome: 'archived', records: kept.length, bytes: written.bytes });
  }
  return results;
}

function metricName(line: string, source: string): string {
  try {
    const name = (JSON.parse(line) as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  } catch {
    // fall through to the error below
  }
  throw new ConfigError({ field: source, value: line.slice(0, 80), expected: 'one JSON metric record ({ step, name, value }) per line' });
}

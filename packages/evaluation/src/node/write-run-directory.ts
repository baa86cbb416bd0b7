import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricRecord } from '@prunerl/core';
import { checkMetricRecord, checkRunMeta, type RunMeta } from '../report/run-data';
import { RUN_FILES } from './read-runs';

/** The contents of a run directory. */
export interface RunDirectoryContents {
  readonly meta: RunMeta;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly metrics?: readonly MetricRecord[];
}

/**
 * Writes a run directory in the format {@link readRunDirectory} reads (`meta.json`, `config.json`,
 * `metrics.jsonl`), creating `dir`. For fixtures, imports of other tools' results, and runners
 * that write their files at the end; a live run appends with {@link JsonlMetricSink}.
 */
export function writeRunDirectory(dir: string, contents: RunDirectoryContents): void {
  const meta = checkRunMeta(contents.meta, 'meta');
  const metrics = (contents.metrics ?? []).map((m, i) => checkMetricRecord(m, `metrics[${i}]`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RUN_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`);
  writeFileSync(join(dir, RUN_FILES.config), `${JSON.stringify(contents.config ?? {}, null, 2)}\n`);
  writeFileSync(join(dir, RUN_FILES.metrics), metrics.map((m) => `${JSON.stringify(m)}\n`).join(''));
}

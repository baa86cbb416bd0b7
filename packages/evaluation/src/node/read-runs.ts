import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ConfigError, ShapeError } from '@prunerl/core';
import { checkRunMeta, parseMetricsJsonl, type RunData } from '../report/run-data';

/** File names of a run directory. */
export const RUN_FILES = Object.freeze({ meta: 'meta.json', config: 'config.json', metrics: 'metrics.jsonl', archivedMetrics: 'metrics.jsonl.gz' });

/**
 * Reads one run directory: `meta.json` (required), `config.json` (optional, `{}` if absent) and
 * `metrics.jsonl` (optional; when absent, the gzip-compressed `metrics.jsonl.gz` of an archived
 * run, as `prunerl archive` writes it; no records if neither exists). Malformed files throw a
 * ShapeError naming the file (and line).
 */
export function readRunDirectory(dir: string, id = basename(dir)): RunData {
  const metaPath = join(dir, RUN_FILES.meta);
  if (!existsSync(metaPath)) throw new ConfigError({ field: 'run directory', value: dir, expected: `a directory containing ${RUN_FILES.meta}` });
  const meta = checkRunMeta(readJson(metaPath), metaPath);
  const configPath = join(dir, RUN_FILES.config);
  const config = existsSync(configPath) ? readJson(configPath) : {};
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new ShapeError({ field: configPath, value: config, expected: 'a JSON object' });
  const metricsPath = join(dir, RUN_FILES.metrics);
  const archivedPath = join(dir, RUN_FILES.archivedMetrics);
  const metrics = existsSync(metricsPath)
    ? parseMetricsJsonl(readFileSync(metricsPath, 'utf8'), metricsPath)
    : existsSync(archivedPath)
      ? parseMetricsJsonl(gunzipped(archivedPath), archivedPath)
      : [];
  return { id, config: config as Record<string, unknown>, meta, metrics };
}

/**
 * Every run under `runsDir`: each directory (at any depth up to `maxDepth`, default 4) that contains
 * a `meta.json`. A run's id is its path relative to `runsDir`. Sorted by id.
 */
export function readRuns(runsDir: string, maxDepth = 4): RunData[] {
  if (!existsSync(runsDir) || !statSync(runsDir).isDirectory()) throw new ConfigError({ field: 'runsDir', value: runsDir, expected: 'an existing directory of run directories' });
  const found: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (existsSync(join(dir, RUN_FILES.meta))) {
      found.push(dir);
      return;
    }
    if (depth >= maxDepth) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) visit(join(dir, entry.name), depth + 1);
  };
  visit(runsDir, 0);
  return found.map((dir) => readRunDirectory(dir, relative(runsDir, dir) || basename(dir))).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function gunzipped(path: string): string {
  try {
    return gunzipSync(readFileSync(path)).toString('utf8');
  } catch (error) {
    throw new ShapeError({ field: path, value: 'unreadable content', expected: 'gzip-compressed JSON lines' }, { cause: error });
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ShapeError({ field: path, value: 'unparsable content', expected: 'valid JSON' }, { cause: error });
  }
}

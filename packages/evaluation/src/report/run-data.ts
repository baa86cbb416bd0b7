import type { MetricRecord } from '@prunerl/core';
import { ShapeError } from '@prunerl/core';

/**
 * `meta.json` of a run directory: who the run is (method, task, seed), how it ran and how fast.
 * Only `method`, `task` and `seed` are required; the report shows what else is there.
 */
export interface RunMeta {
  /** Label the report groups runs by (`DQN w=3 pruned 95%`). */
  readonly method: string;
  /** Environment id (`MinAtar/Breakout-v1`). */
  readonly task: string;
  readonly seed: number | string;
  /**
   * Factors of the experiment design, for the scaling figures: `agent` (panel), `width` (Fig. 1
   * x axis), `sparsity` (final target; 0 = dense; Fig. 3 x axis), `replayRatio`, any others.
   */
  readonly factors?: Readonly<Record<string, string | number>>;
  /** Package versions (`{ "@prunerl/agents": "0.1.0", "@tensorflow/tfjs-core": "4.22.0" }`). */
  readonly versions?: Readonly<Record<string, string>>;
  /** Backend description (`wasm (SIMD on, 1 thread)`). */
  readonly backend?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly wallTimeSeconds?: number;
  /** Environment steps taken. */
  readonly envSteps?: number;
  /** Environment steps per second of wall time (computed from the two above when absent). */
  readonly envStepsPerSecond?: number;
  readonly gradientUpdates?: number;
  readonly status?: string;
  /** Unit of the metrics' `step` (x axis title). Default `Environment steps`. */
  readonly stepUnit?: string;
}

/** One run as the report reads it. */
export interface RunData {
  /** Directory name (or any unique id). */
  readonly id: string;
  /** `config.json`: the resolved configuration, shown verbatim. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly meta: RunMeta;
  /** `metrics.jsonl`, one record per line. */
  readonly metrics: readonly MetricRecord[];
}

/** How the runner's metric logs write non-finite numbers, which JSON cannot hold. */
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/**
 * Parses `metrics.jsonl` text: one JSON `MetricRecord` (`{ step, name, value, tags? }`) per line,
 * blank lines ignored. A malformed line throws a ShapeError naming `source` and the line number.
 * Non-finite values, which the runner writes as `"NaN"`, `"Infinity"` and `"-Infinity"` (a loss that
 * diverged), are read back as numbers; a scalar NaN record is left out (it holds nothing to plot or
 * aggregate), so one diverged run does not stop the report of a whole study.
 */
export function parseMetricsJsonl(text: string, source = 'metrics.jsonl'): MetricRecord[] {
  const records: MetricRecord[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed.length === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new ShapeError({ field: `${source}:${i + 1}`, value: trimmed.slice(0, 80), expected: 'a JSON object' }, { cause: error });
    }
    const record = parsed as { value?: unknown } | null;
    if (record !== null && typeof record === 'object') {
      const value = record.value;
      if (typeof value === 'string' && Object.hasOwn(NON_FINITE, value)) {
        if (value === 'NaN') return;
        record.value = NON_FINITE[value];
      } else if (Array.isArray(value)) {
        record.value = value.map((v: unknown) => (typeof v === 'string' && Object.hasOwn(NON_FINITE, v) ? NON_FINITE[v] : v));
      }
    }
    records.push(checkMetricRecord(parsed, `${source}:${i + 1}`));
  });
  return records;
}

/** Validates one metric record (finite step, non-empty name, a finite number or array of numbers). */
export function checkMetricRecord(value: unknown, where: string): MetricRecord {
  const r = value as Partial<MetricRecord> | null;
  if (r === null || typeof r !== 'object') throw new ShapeError({ field: where, value, expected: 'an object { step, name, value, tags? }' });
  if (typeof r.step !== 'number' || !Number.isFinite(r.step)) throw new ShapeError({ field: `${where}.step`, value: r.step, expected: 'a finite number' });
  if (typeof r.name !== 'string' || r.name.length === 0) throw new ShapeError({ field: `${where}.name`, value: r.name, expected: 'a non-empty string' });
  const ok = typeof r.value === 'number' ? !Number.isNaN(r.value) : Array.isArray(r.value) && r.value.every((v) => typeof v === 'number');
  if (!ok) throw new ShapeError({ field: `${where}.value`, value: r.value, expected: 'a number or an array of numbers' });
  if (r.tags !== undefined && (r.tags === null || typeof r.tags !== 'object')) throw new ShapeError({ field: `${where}.tags`, value: r.tags, expected: 'an object of labels' });
  return r as MetricRecord;
}

/** Validates parsed `meta.json` content; `source` names the file in errors. */
export function checkRunMeta(value: unknown, source = 'meta.json'): RunMeta {
  const m = value as Partial<RunMeta> | null;
  if (m === null || typeof m !== 'object') throw new ShapeError({ field: source, value, expected: 'an object { method, task, seed, ... }' });
  if (typeof m.method !== 'string' || m.method.length === 0) throw new ShapeError({ field: `${source}.method`, value: m.method, expected: 'a non-empty string' });
  if (typeof m.task !== 'string' || m.task.length === 0) throw new ShapeError({ field: `${source}.task`, value: m.task, expected: 'a non-empty string' });
  if (!(typeof m.seed === 'number' || (typeof m.seed === 'string' && m.seed.length > 0))) throw new ShapeError({ field: `${source}.seed`, value: m.seed, expected: 'a number or a non-empty string' });
  if (m.factors !== undefined && (m.factors === null || typeof m.factors !== 'object')) throw new ShapeError({ field: `${source}.factors`, value: m.factors, expected: 'an object of factor values' });
  return m as RunMeta;
}

import { checkPositiveInteger, ConfigError, ShapeError } from '@prunerl/core';
import { checkScoreRecord, type ScoreRecord } from './score-record';
import type { ScoresByTask } from './scores-by-task';

/** One run's scores, in step order. */
interface RunSeries {
  readonly method: string;
  readonly task: string;
  readonly seed: number | string;
  readonly steps: number[];
  readonly scores: number[];
}

/** Options of {@link ScoreTable.finalScores}. */
export interface FinalScoreOptions {
  /** Tasks to include, in this order. Default {@link ScoreTable.tasks}. */
  readonly tasks?: readonly string[];
  /** A run's final score is the mean of its last `window` scores. Default 1 (the last one). */
  readonly window?: number;
}

/** A sample-efficiency input: the steps every task was scored at, and the scores at each. */
export interface ScoresOverSteps {
  readonly steps: readonly number[];
  /** `scores[i]` are the scores at `steps[i]`, task-major. */
  readonly scores: readonly ScoresByTask[];
}

/**
 * Scores in long format (`{ method, task, seed, step, score }`), indexed for the statistics: final
 * scores per method as {@link ScoresByTask} (tasks aligned across methods), scores at each step for
 * sample-efficiency curves. Immutable; `normalize` returns a new table.
 *
 * @example
 * ```ts
 * const table = ScoreTable.fromRecords(records).normalize(atariNormalizer());
 * const finals = table.finalScoreDict();           // { method: ScoresByTask }
 * const iqm = aggregateEstimates(finals, { seed: 0 });
 * ```
 */
export class ScoreTable {
  private readonly runs: RunSeries[];

  private constructor(runs: RunSeries[]) {
    this.runs = runs;
  }

  /**
   * Builds a table. Records may come in any order; a run's records are sorted by step. Two records of
   * one run at the same step are an error (a ShapeError names them).
   */
  static fromRecords(records: Iterable<ScoreRecord>): ScoreTable {
    const byRun = new Map<string, { method: string; task: string; seed: number | string; points: [number, number][] }>();
    let index = 0;
    for (const record of records) {
      checkScoreRecord(record, index);
      const key = runKey(record.method, record.task, record.seed);
      let run = byRun.get(key);
      if (!run) {
        run = { method: record.method, task: record.task, seed: record.seed, points: [] };
        byRun.set(key, run);
      }
      run.points.push([record.step, record.score]);
      index++;
    }
    const runs: RunSeries[] = [];
    for (const run of byRun.values()) {
      run.points.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < run.points.length; i++) {
        if (run.points[i]![0] === run.points[i - 1]![0]) {
          throw new ShapeError({
            field: `records of run (${run.method}, ${run.task}, seed ${run.seed})`,
            value: run.points[i]![0],
            expected: 'at most one score per step',
          });
        }
      }
      runs.push({ method: run.method, task: run.task, seed: run.seed, steps: run.points.map((p) => p[0]), scores: run.points.map((p) => p[1]) });
    }
    return new ScoreTable(runs);
  }

  /** Every record, in run order then step order. */
  records(): ScoreRecord[] {
    return this.runs.flatMap((run) => run.steps.map((step, i) => ({ method: run.method, task: run.task, seed: run.seed, step, score: run.scores[i]! })));
  }

  /** Methods in order of first appearance. */
  methods(): string[] {
    return unique(this.runs.map((r) => r.method));
  }

  /** Tasks in order of first appearance (of `method`, or of any method). */
  tasks(method?: string): string[] {
    return unique(this.runs.filter((r) => method === undefined || r.method === method).map((r) => r.task));
  }

  /** Seeds of one method on one task, in order of first appearance. */
  seeds(method: string, task: string): (number | string)[] {
    return this.runs.filter((r) => r.method === method && r.task === task).map((r) => r.seed);
  }

  /** Every step any run of `method` (or of any method) was scored at, ascending. */
  steps(method?: string): number[] {
    const all = new Set<number>();
    for (const run of this.runs) if (method === undefined || run.method === method) for (const s of run.steps) all.add(s);
    return [...all].sort((a, b) => a - b);
  }

  /** A new table with every score mapped by `normalize(score, task)` (e.g. human-normalisation). */
  normalize(normalize: (score: number, task: string) => number): ScoreTable {
    return new ScoreTable(this.runs.map((run) => ({ ...run, steps: [...run.steps], scores: run.scores.map((s) => normalize(s, run.task)) })));
  }

  /** A new table with only the methods `keep` accepts. */
  filter(keep: (method: string, task: string) => boolean): ScoreTable {
    return new ScoreTable(this.runs.filter((run) => keep(run.method, run.task)));
  }

  /**
   * Each run's final score (its last score, or the mean of its last `window`), task-major in
   * `options.tasks` order. A task the method has no run on throws a ShapeError naming it.
   */
  finalScores(method: string, options: FinalScoreOptions = {}): number[][] {
    const window = options.window === undefined ? 1 : checkPositiveInteger('finalScores options.window', options.window);
    const tasks = options.tasks ?? this.tasks();
    this.requireMethod(method);
    return tasks.map((task) => {
      const runs = this.runs.filter((r) => r.method === method && r.task === task);
      if (runs.length === 0) {
        throw new ShapeError({ field: `finalScores(${method})`, value: task, expected: `a task ${method} has runs on (${this.tasks(method).join(', ')})`, hint: 'Pass options.tasks to compare methods on the tasks they share.' });
      }
      return runs.map((run) => {
        const last = run.scores.slice(-window);
        return last.reduce((s, v) => s + v, 0) / last.length;
      });
    });
  }

  /**
   * {@link finalScores} of every method, on the tasks all of them share (in first-appearance order),
   * so that the arrays are aligned for probability of improvement.
   */
  finalScoreDict(options: FinalScoreOptions = {}): Record<string, number[][]> {
    const tasks = options.tasks ?? this.sharedTasks();
    const out: Record<string, number[][]> = {};
    for (const method of this.methods()) out[method] = this.finalScores(method, { ...options, tasks });
    return out;
  }

  /** Tasks on which every method has at least one run. */
  sharedTasks(): string[] {
    const methods = this.methods();
    return this.tasks().filter((task) => methods.every((m) => this.runs.some((r) => r.method === m && r.task === task)));
  }

  /**
   * Scores at each point of training for a sample-efficiency curve, over the same task set at every
   * point (`tasks`, default the method's own: a point is kept only if every task has a run there).
   *
   * - `align: 'step'` (default): a point is a step at which runs were scored exactly; runs lacking
   *   it do not count there. For runs scored on a fixed schedule (evaluations every N steps).
   * - `align: 'record'`: the k-th point is every run's k-th score, at the mean of their steps (the
   *   runner's per-iteration records: an iteration ends at an episode's end, so no two runs share
   *   a step, though they share iterations). Runs with fewer than k + 1 scores do not count there.
   */
  scoresOverSteps(method: string, tasks: readonly string[] = this.tasks(method), options: { readonly align?: 'step' | 'record' } = {}): ScoresOverSteps {
    this.requireMethod(method);
    const runsByTask = tasks.map((task) => this.runs.filter((r) => r.method === method && r.task === task));
    const steps: number[] = [];
    const scores: number[][][] = [];
    if (options.align === 'record') {
      const longest = Math.max(0, ...runsByTask.flat().map((run) => run.scores.length));
      for (let k = 0; k < longest; k++) {
        const atPoint = runsByTask.map((runs) => runs.filter((run) => k < run.scores.length));
        if (!atPoint.every((runs) => runs.length > 0)) continue;
        const present = atPoint.flat();
        steps.push(present.reduce((sum, run) => sum + run.steps[k]!, 0) / present.length);
        scores.push(atPoint.map((runs) => runs.map((run) => run.scores[k]!)));
      }
      return { steps, scores };
    }
    for (const step of this.steps(method)) {
      const atStep = runsByTask.map((runs) =>
        runs.flatMap((run) => {
          const i = binarySearch(run.steps, step);
          return i < 0 ? [] : [run.scores[i]!];
        }),
      );
      if (atStep.every((runs) => runs.length > 0)) {
        steps.push(step);
        scores.push(atStep);
      }
    }
    return { steps, scores };
  }

  private requireMethod(method: string): void {
    if (!this.runs.some((r) => r.method === method)) {
      throw new ConfigError({ field: 'method', value: method, expected: `one of ${this.methods().map((m) => JSON.stringify(m)).join(', ') || '(no methods: the table is empty)'}` });
    }
  }
}

function runKey(method: string, task: string, seed: number | string): string {
  return JSON.stringify([method, task, typeof seed, seed]);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function binarySearch(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files of one run directory (`<outputDir>/<name>/seed-<seed>/`), in the format
 * `@prunerl/evaluation`'s report reads (`meta.json`, `config.json`, `metrics.jsonl`):
 * - `meta.json`: metadata and status ({@link RunMetadata}), rewritten atomically as the run goes;
 * - `config.json`: the resolved config of this run (`seeds: [seed]`), enough to reproduce it;
 * - `metrics.jsonl`: every metric record, one JSON object per line (`{ step, name, value, tags }`);
 * - `metrics.csv`: the scalar records in long format (`step,name,value,iteration,phase,seed`);
 * - `checkpoints/ckpt-<n>/`: the last two complete checkpoints;
 * - `dataset/`: every training transition, when the run logs them (`logging.replay`; the format of
 *   `@prunerl/replay`'s datasets), kept in step with the checkpoints.
 */
export const RUN_FILES = Object.freeze({
  metadata: 'meta.json',
  config: 'config.json',
  metricsJsonl: 'metrics.jsonl',
  metricsCsv: 'metrics.csv',
  checkpoints: 'checkpoints',
  dataset: 'dataset',
});

/** Where a run is. */
export type RunStatus = 'running' | 'interrupted' | 'complete' | 'failed';

/**
 * `meta.json`: what a report, a sweep and `prunerl resume` need to know about a run. The fields
 * `method`, `task`, `seed`, `factors`, `versions`, `backend`, `startedAt`, `finishedAt`,
 * `wallTimeSeconds`, `envSteps`, `envStepsPerSecond`, `gradientUpdates`, `status` and `stepUnit`
 * are those of `@prunerl/evaluation`'s `RunMeta`; the others are the runner's.
 */
export interface RunMetadata {
  readonly format: 'prunerl-run';
  readonly version: 1;
  /** The config's `name` (shared by the run's seeds). */
  readonly name: string;
  /** Label reports aggregate over seeds and tasks (`DQN gmp 95% w=3`). */
  readonly method: string;
  /** Environment id. */
  readonly task: string;
  readonly seed: number;
  readonly status: RunStatus;
  /**
   * The experiment-design factors reports plot against: `agent`, `torso`, `width`, `sparsity`
   * (final target, 0 when dense), `replayRatio`, `pruner`, and in a sweep its `variant` and the
   * other grid values by their last path segment.
   */
  readonly factors: Readonly<Record<string, string | number>>;
  readonly iterations: number;
  readonly iterationsCompleted: number;
  readonly stepsPerIteration: number;
  readonly envSteps: number;
  readonly frames: number;
  /** Environment steps per second over the run's training time. */
  readonly envStepsPerSecond: number;
  /** Seconds spent training, over every process that worked on the run. */
  readonly trainSeconds: number;
  /** Same as `trainSeconds` (the report's name for it). */
  readonly wallTimeSeconds: number;
  readonly gradientUpdates: number;
  /** Unit of the metrics' `step`: environment steps, or gradient steps for an offline run. */
  readonly stepUnit: string;
  readonly parameterCount: number | undefined;
  /** `wasm (SIMD on, 1 thread), tfjs 4.22.0`. */
  readonly backend: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | undefined;
  /** The error message when `status` is `failed`. */
  readonly error: string | undefined;
  /** Where the pruner reached, when there is one. */
  readonly finalSparsity: number | undefined;
  /** Mean training return of the last iteration. */
  readonly finalReturn: number | undefined;
}

/** Reads `meta.json` of a run directory, or `undefined` if there is none (or it does not parse). */
export async function readRunMetadata(directory: string): Promise<RunMetadata | undefined> {
  try {
    const metadata = JSON.parse(await readFile(join(directory, RUN_FILES.metadata), 'utf8')) as RunMetadata;
    return metadata?.format === 'prunerl-run' ? metadata : undefined;
  } catch {
    return undefined;
  }
}

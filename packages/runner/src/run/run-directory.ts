import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files of one run directory (`<outputDir>/<name>/seed-<seed>/`):
 * - `run.json`: metadata and status ({@link RunMetadata}), rewritten atomically as the run goes;
 * - `config.yaml`: the resolved config of this run (`seeds: [seed]`), enough to reproduce it;
 * - `metrics.jsonl`: every metric record, one JSON object per line (`{ step, name, value, tags }`);
 * - `metrics.csv`: the scalar records in long format (`step,name,value,iteration,phase,seed`);
 * - `checkpoints/ckpt-<n>/`: the last two complete checkpoints.
 */
export const RUN_FILES = Object.freeze({
  metadata: 'run.json',
  config: 'config.yaml',
  metricsJsonl: 'metrics.jsonl',
  metricsCsv: 'metrics.csv',
  checkpoints: 'checkpoints',
});

/** Where a run is. */
export type RunStatus = 'running' | 'interrupted' | 'complete' | 'failed';

/** `run.json`: what a report, a sweep and `prunerl resume` need to know about a run. */
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
  /** Sweep factors of the run (grid values by config path), if it came from a sweep. */
  readonly factors: Readonly<Record<string, unknown>>;
  readonly iterations: number;
  readonly iterationsCompleted: number;
  readonly stepsPerIteration: number;
  readonly envSteps: number;
  readonly frames: number;
  /** Environment steps per second over the run's training time. */
  readonly envStepsPerSecond: number;
  /** Seconds spent training, over every process that worked on the run. */
  readonly trainSeconds: number;
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

/** Reads `run.json` of a run directory, or `undefined` if there is none (or it does not parse). */
export async function readRunMetadata(directory: string): Promise<RunMetadata | undefined> {
  try {
    const metadata = JSON.parse(await readFile(join(directory, RUN_FILES.metadata), 'utf8')) as RunMetadata;
    return metadata?.format === 'prunerl-run' ? metadata : undefined;
  } catch {
    return undefined;
  }
}

import { createRequire } from 'node:module';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBackend, initBackend } from '@prunerl/backend';
import { DatasetWriter } from '@prunerl/replay/node';
import { ConfigError, StateError } from '@prunerl/core';
import { writeFileAtomically } from '../checkpoint/atomic-file';
import { CheckpointStore, type RejectedCheckpoint } from '../checkpoint/checkpoint-store';
import { parseConfigText } from '../config/load-config-file';
import { resolveExperimentConfig, type ResolvedExperimentConfig } from '../config/resolve-config';
import { updateScheduleOf } from '../config/update-schedule';
import { buildExperiment } from '../composition/build-experiment';
import { taskOf, type TaskSpec } from '../composition/task-spec';
import { ExperimentLoop, type ExperimentProgress, type IterationSummary } from '../experiment/experiment-loop';
import type { LoopLogFile } from '../experiment/loop-storage';
import type { ExperimentParts } from '../experiment/experiment-parts';
import { iterationDiagnostics } from '../experiment/iteration-diagnostics';
import { CsvMetricSink } from '../logging/csv-metric-sink';
import { JsonlMetricSink } from '../logging/jsonl-metric-sink';
import { readRunMetadata, RUN_FILES, type RunMetadata, type RunStatus } from './run-directory';

/** How {@link trainRun} treats an existing run directory. */
export type RunMode =
  /** Start a new run; an existing run there is an error. */
  | 'new'
  /** Continue the run there (from its last complete checkpoint); a missing run is an error. */
  | 'resume'
  /** Sweeps: skip a complete run, resume a partial one, start a missing one. */
  | 'auto';

/** Options of {@link trainRun}. */
export interface TrainRunOptions {
  /** The resolved config (its `seeds` may hold several; `seed` picks this run's). */
  readonly config: ResolvedExperimentConfig;
  readonly seed: number;
  readonly mode?: RunMode;
  /**
   * The run directory; default `runDirectoryOf(config, seed)`. Give it to resume a run whose
   * directory was moved since it started.
   */
  readonly directory?: string;
  /** Extra factors for `meta.json` (a sweep's variant and grid values), over {@link runFactors}. */
  readonly factors?: Readonly<Record<string, string | number>>;
  readonly onProgress?: (progress: ExperimentProgress) => void;
  /** Polled after every environment step; true stops the run with a checkpoint (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  readonly onIterationEnd?: (summary: IterationSummary) => void | Promise<void>;
  /** Messages for the user (resume decisions, fallbacks). */
  readonly log?: (message: string) => void;
  /**
   * Test hook: called after each checkpoint file is written, before its completion marker (a test
   * kills the process here). Also set by the `PRUNERL_TEST_PAUSE_IN_CHECKPOINT=<n>` environment
   * variable, which stops the process inside checkpoint `n` until it is killed.
   */
  readonly afterCheckpointFile?: (sequence: number, fileName: string) => void | Promise<void>;
  /**
   * Threads running the wasm backend's kernels (`initBackend`'s `kernelThreads`; default 1). Results
   * are bit-identical for any count, so a run may resume with another.
   */
  readonly kernelThreads?: number;
}

/** What {@link trainRun} did. */
export interface TrainRunResult {
  readonly status: 'complete' | 'interrupted' | 'skipped';
  readonly directory: string;
  readonly metadata: RunMetadata;
  /** The checkpoint the run continued from, if it resumed. */
  readonly resumedFrom: number | undefined;
  /** Newer checkpoints that were damaged and passed over. */
  readonly rejected: readonly RejectedCheckpoint[];
}

/** The directory of run `seed` of `config`: `<outputDir>/<name>/seed-<seed>`. */
export function runDirectoryOf(config: ResolvedExperimentConfig, seed: number): string {
  return resolve(config.outputDir, config.name, `seed-${seed}`);
}

function versions(): Record<string, string> {
  const out: Record<string, string> = { node: process.versions.node };
  const require = createRequire(typeof __filename !== 'undefined' ? __filename : fileURLToPath(import.meta.url));
  for (const name of ['@prunerl/runner', '@prunerl/core', '@tensorflow/tfjs-core']) {
    try {
      out[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      // Not resolvable from here (e.g. a bundled copy): leave it out rather than guess.
    }
  }
  return out;
}

/** Deterministic JSON (sorted keys), to compare a stored config with a requested one. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Refuses to continue (or count as done) the run in `directory` with another config than the one
 * it was started with: a `ConfigError` naming the directory.
 */
export async function checkStoredConfig(directory: string, runConfig: ResolvedExperimentConfig): Promise<void> {
  const stored = await readRunConfig(directory);
  if (canonical(stored) !== canonical(runConfig)) {
    throw new ConfigError({
      field: 'config',
      value: directory,
      expected: `the config the run was started with (${join(directory, RUN_FILES.config)}); it differs`,
      hint: 'Resume with the stored config (`prunerl resume <dir>`), or start a new run under another name.',
    });
  }
}

/** The resolved config stored in a run directory's `config.json`. */
export async function readRunConfig(directory: string): Promise<ResolvedExperimentConfig> {
  const path = join(directory, RUN_FILES.config);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError({ field: 'run directory', value: directory, expected: `a prunerl run directory (no ${RUN_FILES.config} there)` }, { cause: error });
  }
  return resolveExperimentConfig(parseConfigText(text, path), path);
}

/**
 * The factors of a run that reports plot against (`@prunerl/evaluation`'s `RunMeta.factors`):
 * agent, torso, width, final sparsity (0 when dense), pruner name and replay ratio (gradient
 * updates per environment step; none offline).
 */
export function runFactors(config: ResolvedExperimentConfig): Record<string, string | number> {
  const { updatePeriod: period, updatesPerStep: perStep = 1 } = updateScheduleOf(config);
  const sparsity = config.pruner ? config.pruner.options.sparsity : 0;
  return {
    agent: config.agent.name,
    torso: config.network.torso,
    width: config.network.width,
    pruner: config.pruner?.name ?? 'none',
    ...(typeof sparsity === 'number' ? { sparsity } : {}),
    // Offline, every training step is a gradient step: there is no replay ratio to speak of.
    ...(period !== undefined && !config.offline ? { replayRatio: perStep / period } : {}),
  };
}

function pauseHookFromEnvironment(): ((sequence: number, fileName: string) => Promise<void>) | undefined {
  const value = process.env.PRUNERL_TEST_PAUSE_IN_CHECKPOINT;
  if (!value) return undefined;
  const target = Number(value);
  return async (sequence, fileName) => {
    if (sequence !== target) return;
    process.stderr.write(`PRUNERL_PAUSED_IN_CHECKPOINT ${sequence} after ${fileName}\n`);
    // Wait to be killed; the interval keeps the event loop alive.
    await new Promise<never>(() => setInterval(() => undefined, 1000));
  };
}

/**
 * Trains one run (one config, one seed) in its directory, with checkpoints at the end of every
 * iteration, and resumes from the last complete checkpoint when asked. The order guarantees that a
 * bad config leaves nothing on disk: the existing directory is inspected (read-only), the backend
 * started and every part built (each factory validates its options) before anything is created.
 *
 * @example
 * ```ts
 * const config = resolveExperimentConfig(await readConfigFile('breakout.yaml'));
 * const result = await trainRun({ config, seed: config.seeds[0], onProgress: (p) => console.log(p.totalSteps) });
 * console.log(result.status, result.directory);
 * ```
 */
export async function trainRun(options: TrainRunOptions): Promise<TrainRunResult> {
  const { config, seed } = options;
  const mode = options.mode ?? 'new';
  const log = options.log ?? (() => undefined);
  if (!config.seeds.includes(seed)) {
    throw new ConfigError({ field: 'seed', value: seed, expected: `one of the config's seeds [${config.seeds.join(', ')}]` });
  }
  const runConfig: ResolvedExperimentConfig = { ...config, seeds: [seed] };
  const directory = options.directory !== undefined ? resolve(options.directory) : runDirectoryOf(config, seed);
  const existing = await readRunMetadata(directory);
  const checkpoints = new CheckpointStore(join(directory, RUN_FILES.checkpoints), {
    afterFileWritten: options.afterCheckpointFile ?? pauseHookFromEnvironment(),
  });

  if (existing && mode === 'new') {
    throw new ConfigError({
      field: 'outputDir',
      value: directory,
      expected: `a directory without a run (it holds a ${existing.status} run)`,
      hint: `Continue it with \`prunerl resume ${directory}\`, or change "name" or "outputDir".`,
    });
  }
  if (!existing && mode === 'resume') {
    throw new ConfigError({ field: 'run directory', value: directory, expected: `a run directory with ${RUN_FILES.metadata} (nothing to resume there)` });
  }
  if (existing) {
    await checkStoredConfig(directory, runConfig);
    if (existing.status === 'complete') {
      log(`${directory}: already complete, skipped`);
      return { status: 'skipped', directory, metadata: existing, resumedFrom: undefined, rejected: [] };
    }
  }

  const backend = await initBackend({ name: runConfig.backend, ...(options.kernelThreads !== undefined ? { kernelThreads: options.kernelThreads } : {}) });
  const parts = await buildExperiment(runConfig, seed);
  try {
    return await execute(options, runConfig, directory, checkpoints, parts, existing, describeBackend(backend), log);
  } finally {
    parts.dispose();
  }
}

async function execute(
  options: TrainRunOptions,
  config: ResolvedExperimentConfig,
  directory: string,
  checkpoints: CheckpointStore,
  parts: ExperimentParts,
  existing: RunMetadata | undefined,
  backend: string,
  log: (message: string) => void,
): Promise<TrainRunResult> {
  const seed = options.seed;
  const { latest, rejected } = existing ? await checkpoints.latest() : { latest: undefined, rejected: [] };
  if (existing && !latest && rejected.length > 0) {
    // Every checkpoint is damaged: starting over would throw the run away unasked (the user may
    // restore them from a copy). Refused, naming them; removing the directory starts it over.
    throw new StateError({
      field: `checkpoints of ${directory}`,
      value: rejected.map((bad) => `${bad.sequence}: ${bad.reason}`).join('; '),
      expected: 'at least one usable checkpoint to resume from',
      hint: 'Restore them from a copy, or remove the run directory to train the run again from the start.',
    });
  }
  for (const bad of rejected) log(`checkpoint ${bad.sequence} is unusable (${bad.reason}); falling back to an older one`);
  if (existing && !latest) {
    log(`${directory}: no complete checkpoint yet, starting the run over`);
    for (const file of [RUN_FILES.metricsJsonl, RUN_FILES.metricsCsv]) await rm(join(directory, file), { force: true });
  }
  // A dataset needs discrete actions: refused before the run directory is touched.
  const datasetTask = config.logging.replay ? loggableTask(config, parts) : undefined;
  await mkdir(directory, { recursive: true });
  if (latest) await checkpoints.discardAfter(latest.sequence);
  else await rm(join(directory, RUN_FILES.dataset), { recursive: true, force: true });

  const jsonl = new JsonlMetricSink(join(directory, RUN_FILES.metricsJsonl));
  const csv = new CsvMetricSink(join(directory, RUN_FILES.metricsCsv));
  const dataset = datasetTask ? openDatasetLog(config, seed, directory, datasetTask) : undefined;
  const logFiles: Record<string, LoopLogFile> = { [RUN_FILES.metricsJsonl]: jsonl.file, [RUN_FILES.metricsCsv]: csv.file, ...(dataset ? { [RUN_FILES.dataset]: dataset } : {}) };
  const offline = config.offline !== undefined;
  const startedAt = existing?.startedAt ?? new Date().toISOString();
  let metadata: RunMetadata = {
    format: 'prunerl-run',
    version: 1,
    name: config.name,
    method: config.method,
    task: config.environment.id,
    seed,
    status: 'running',
    factors: { ...runFactors(config), ...(options.factors ?? existing?.factors ?? {}) },
    iterations: config.budget.iterations,
    iterationsCompleted: existing?.iterationsCompleted ?? 0,
    stepsPerIteration: config.budget.stepsPerIteration,
    envSteps: existing?.envSteps ?? 0,
    frames: existing?.frames ?? 0,
    envStepsPerSecond: existing?.envStepsPerSecond ?? 0,
    trainSeconds: existing?.trainSeconds ?? 0,
    wallTimeSeconds: existing?.wallTimeSeconds ?? 0,
    gradientUpdates: existing?.gradientUpdates ?? 0,
    stepUnit: offline ? 'Gradient steps' : 'Environment steps',
    parameterCount: parts.parameterCount,
    backend,
    versions: versions(),
    startedAt,
    updatedAt: new Date().toISOString(),
    finishedAt: undefined,
    error: undefined,
    finalSparsity: existing?.finalSparsity,
    finalReturn: existing?.finalReturn,
  };
  const saveMetadata = async (changes: Partial<RunMetadata>): Promise<void> => {
    metadata = { ...metadata, ...changes, updatedAt: new Date().toISOString() };
    await writeFileAtomically(join(directory, RUN_FILES.metadata), `${JSON.stringify(metadata, null, 2)}\n`);
  };
  if (!existing || !latest) {
    await writeFileAtomically(join(directory, RUN_FILES.config), `${JSON.stringify(config, null, 2)}\n`);
  }
  await saveMetadata({ status: 'running' });

  const loop = new ExperimentLoop(parts, {
    seed,
    iterations: config.budget.iterations,
    stepsPerIteration: config.budget.stepsPerIteration,
    frameSkip: config.budget.frameSkip,
    evalEpisodes: config.evaluation.episodes,
    evalEvery: config.evaluation.every,
    offline,
    sinks: [jsonl, csv],
    logFiles,
    ...(dataset ? { transitionLog: dataset } : {}),
    checkpoints,
    tags: { seed },
    diagnosticsEvery: config.logging.diagnosticsEvery,
    diagnostics: iterationDiagnostics(parts, { seed, batchSize: config.logging.diagnosticsBatch }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    onIterationEnd: async (summary) => {
      const envSteps = offline ? 0 : summary.totalSteps;
      await saveMetadata({
        iterationsCompleted: summary.iteration + 1,
        envSteps,
        frames: summary.frames,
        envStepsPerSecond: summary.trainSeconds > 0 ? envSteps / summary.trainSeconds : 0,
        trainSeconds: summary.trainSeconds,
        wallTimeSeconds: summary.trainSeconds,
        gradientUpdates: parts.agent.updates,
        finalReturn: (offline ? summary.evalReturn : summary.trainReturn) ?? metadata.finalReturn,
        finalSparsity: summary.sparsity,
      });
      await options.onIterationEnd?.(summary);
    },
  });
  if (latest) {
    try {
      await loop.restore(checkpoints, latest);
    } catch (error) {
      throw error instanceof StateError
        ? new StateError({ field: error.field, value: error.value, expected: error.expected, hint: `(resuming ${directory} from checkpoint ${latest.sequence})` }, { cause: error })
        : error;
    }
    log(`${directory}: resumed from checkpoint ${latest.sequence} (iteration ${loop.completedIterations}, ${loop.steps} steps)`);
  }
  try {
    const outcome = await loop.run();
    const status: RunStatus = outcome.status === 'complete' ? 'complete' : 'interrupted';
    await saveMetadata({
      status,
      envSteps: offline ? 0 : loop.steps,
      finishedAt: status === 'complete' ? new Date().toISOString() : undefined,
    });
    return { status, directory, metadata, resumedFrom: latest?.sequence, rejected };
  } catch (error) {
    await saveMetadata({ status: 'failed', error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    throw error;
  } finally {
    jsonl.close();
    csv.close();
    dataset?.close();
  }
}

/**
 * The task a dataset log records; one of continuous actions is a `ConfigError` (datasets hold
 * discrete actions). Built-in continuous agents are refused when the config resolves; this catches
 * a plugin's agent on a `Box` action space.
 */
function loggableTask(config: ResolvedExperimentConfig, parts: ExperimentParts): TaskSpec {
  const task = taskOf(parts.env);
  if (task.actionShape !== undefined) {
    throw new ConfigError({ field: 'logging.replay', value: true, expected: `false on ${config.environment.id}: logged datasets hold discrete actions, and its actions are continuous` });
  }
  return task;
}

/**
 * The run's dataset log (`logging.replay`): every training transition of the run goes to
 * `<run>/dataset/` with the behaviour policy's epsilon, and checkpoints keep it in step (a resumed
 * run cuts it back to its checkpoint), so it holds the run's transitions exactly once, in order.
 */
function openDatasetLog(config: ResolvedExperimentConfig, seed: number, directory: string, task: TaskSpec): DatasetWriter {
  return DatasetWriter.open({
    directory: join(directory, RUN_FILES.dataset),
    spec: { environment: config.environment.id, observationShape: task.observationShape, observationDtype: task.observationDtype, numActions: task.numActions },
    source: { run: config.name, method: config.method, seed, agent: config.agent.name },
    shardTransitions: config.logging.replayShardTransitions,
  });
}

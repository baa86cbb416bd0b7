import { readRunMetadata, startRunProcess, type ExperimentProgress, type RunProcess } from '@prunerl/runner';
import { DelayedError, UnrecoverableError, WaitingError, type Job } from 'bullmq';
import type { RunJobData, RunJobProgress, RunJobResult, RunQueue } from '../queue/run-queue';
import { readStoreId, runDirectoryIn } from '../store/run-store';
import { acquireRunLease } from './run-lease';

/** Why a worker stops a run before it ends. */
export type StopReason =
  /** The worker is shutting down (SIGINT/SIGTERM): the run goes back to the queue. */
  | 'shutdown'
  /** Its sweep was cancelled (`prunerl sweep --cancel`). */
  | 'cancel'
  /** The worker lost the job's lock or the run's lease: someone else may take the run. */
  | 'lost';

/** A run this worker is training. */
export interface ActiveRun {
  readonly sweep: string;
  process: RunProcess | undefined;
  stopReason: StopReason | undefined;
}

/** What the processor needs from its worker. */
export interface RunJobContext {
  readonly queue: RunQueue;
  /** The store's absolute path on this machine. */
  readonly store: string;
  /** The worker's name, recorded in progress and logs. */
  readonly worker: string;
  readonly version: string;
  /** Staleness of a run lease, ms (`RunWorkerOptions.leaseStaleMs`). */
  readonly leaseStaleMs: number;
  /** How long a run waits before looking again at a dependency or a leased directory, ms. */
  readonly retryDelayMs: number;
  readonly active: Map<string, ActiveRun>;
  /** True once the worker is shutting down. */
  readonly stopping: () => boolean;
  /** A job of another prunerl version or store was put back: the worker must stop. */
  readonly onRefused: (job: RunJobData, storeId: string | undefined) => void;
  readonly onProgress?: (id: string, progress: RunJobProgress) => void;
  readonly onLog?: (id: string, message: string) => void;
}

/** The failed reason of a run whose sweep was cancelled. */
export const CANCELLED_REASON = 'cancelled (prunerl sweep --cancel)';

/** How often a run's progress is written to its job, ms (and at every iteration's end). */
const PROGRESS_EVERY_MS = 1_000;

function ignore(): void {
  // Progress and log writes are best effort: during a Redis restart they queue or fail, the run goes on.
}

/**
 * Processes one run job in a worker: checks the job's prunerl version and store id (a job of another
 * version or store goes back to the queue untouched, and the worker stops) and its sweep's cancelled
 * mark, waits for the runs it depends on, takes the run directory's lease, trains the run in a
 * child process (the runner's `startRunProcess`: resumes from the last checkpoint, skips a complete
 * run), publishes its progress on the job, and maps how it ended onto BullMQ:
 *
 * - complete or already complete: the job completes with a {@link RunJobResult};
 * - the run's own error (bad config or plugin, diverged loss): `UnrecoverableError`, failed once
 *   with the message, no retry;
 * - a crash or an I/O error: a plain error, retried with backoff (`RUN_JOB_OPTIONS`);
 * - stopped for a shutdown: back to the queue (`moveToWait` + `WaitingError`, no attempt used),
 *   resumed from its checkpoint by whichever worker takes it next.
 */
export async function processRunJob(job: Job<RunJobData, RunJobResult>, token: string | undefined, context: RunJobContext): Promise<RunJobResult> {
  const data = job.data;
  const id = job.id!;
  const started = performance.now();
  const later = async (reason: string): Promise<never> => {
    await job.log(`${context.worker}: ${reason}; looking again in ${Math.round(context.retryDelayMs / 1000)} s`).catch(ignore);
    await job.moveToDelayed(Date.now() + context.retryDelayMs, token);
    throw new DelayedError();
  };
  // Read each time: the enqueuer names the store on first use, and a shared file system can go away.
  let storeId: string | undefined;
  try {
    storeId = await readStoreId(context.store);
  } catch (error) {
    return later(`the store's id could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (data.prunerl !== context.version || data.store !== storeId) {
    await job.moveToWait(token);
    context.onRefused(data, storeId);
    throw new WaitingError();
  }
  if (await context.queue.isCancelled(data.sweep)) throw new UnrecoverableError(CANCELLED_REASON);
  if (context.stopping()) {
    await job.moveToWait(token);
    throw new WaitingError();
  }
  for (const dependency of data.dependsOn) {
    const metadata = await readRunMetadata(runDirectoryIn(context.store, dependency));
    if (metadata?.status === 'complete') continue;
    const state = await context.queue.queue.getJobState(dependency);
    if (state === 'failed' || state === 'unknown') throw new UnrecoverableError(`a run it depends on did not complete (${dependency}: ${state === 'failed' ? 'failed' : 'not in the queue or the store'})`);
    await later(`waiting for ${dependency}`);
  }

  const directory = runDirectoryIn(context.store, data.directory);
  const active: ActiveRun = { sweep: data.sweep, process: undefined, stopReason: undefined };
  const lease = await acquireRunLease(directory, {
    staleMs: context.leaseStaleMs,
    onLost: (error) => {
      // Killed, not stopped: a graceful stop would write a checkpoint and meta.json into a
      // directory that another worker may now be training.
      job.log(`${context.worker}: lost the lease of ${data.directory} (${error.message}); killing the run`).catch(ignore);
      active.stopReason = 'lost';
      active.process?.kill('SIGKILL');
    },
  });
  if (!lease) return later(`${data.directory} is being trained by another worker`);
  context.active.set(id, active);
  try {
    // A shutdown that began while the lease was being taken did not see this run among the active ones.
    if (context.stopping() && active.stopReason === undefined) {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (stopReasonOf(active) === 'lost') throw new Error(`${context.worker} lost the lease of ${data.directory} before the run started`);
    let lastWrite = 0;
    let lastIterations = -1;
    let latest: RunJobProgress | undefined;
    const publish = (progress: ExperimentProgress, force = false): void => {
      latest = { ...progress, worker: context.worker, updatedAt: Date.now() };
      context.onProgress?.(id, latest);
      if (!force && progress.completedIterations === lastIterations && latest.updatedAt - lastWrite < PROGRESS_EVERY_MS) return;
      lastWrite = latest.updatedAt;
      lastIterations = progress.completedIterations;
      job.updateProgress(latest).catch(ignore);
    };
    const forked = performance.now();
    const child = startRunProcess(
      { type: 'job', id: data.run, seed: data.seed, config: data.config, factors: data.factors, directory },
      {
        cwd: context.store,
        onProgress: (progress) => publish(progress),
        onLog: (message) => {
          context.onLog?.(id, message);
          job.log(`${context.worker}: ${message}`).catch(ignore);
        },
      },
    );
    active.process = child;
    // A stop asked for while the process was being started.
    if (stopReasonOf(active) === 'lost') child.kill('SIGKILL');
    else if (stopReasonOf(active) !== undefined) child.stop();
    const outcome = await child.outcome;
    const processMs = performance.now() - forked;
    if (latest) publish(latest, true);

    if (outcome.status === 'complete' || outcome.status === 'skipped') {
      const metadata = await readRunMetadata(directory);
      return {
        status: outcome.status,
        worker: context.worker,
        processMs,
        jobMs: performance.now() - started,
        envSteps: metadata?.envSteps,
        envStepsPerSecond: metadata?.envStepsPerSecond,
        ...(outcome.resumedFrom !== undefined ? { resumedFrom: outcome.resumedFrom } : {}),
      };
    }
    const reason = stopReasonOf(active);
    if (reason === 'cancel') throw new UnrecoverableError(CANCELLED_REASON);
    if (reason === 'lost') throw new Error(`${context.worker} lost the run (its lock: stopped with a checkpoint; or its lease: killed)`);
    if (outcome.status === 'interrupted' || reason === 'shutdown') {
      // A shutdown: back to the queue without using an attempt; the next worker resumes it.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (outcome.failure === 'run') throw new UnrecoverableError(outcome.error ?? 'the run failed');
    throw new Error(outcome.error ?? 'the run process failed');
  } finally {
    context.active.delete(id);
    await lease.release();
  }
}

/** A run's stop reason now: the lease, the worker's close and the cancel poll set it meanwhile (a call, so no narrowing outlives an await). */
function stopReasonOf(active: ActiveRun): StopReason | undefined {
  return active.stopReason;
}

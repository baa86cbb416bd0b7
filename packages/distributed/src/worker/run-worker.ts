import { hostname } from 'node:os';
import { ConfigError } from '@prunerl/core';
import { Worker, type Job } from 'bullmq';
import { prunerlVersion } from '../queue/prunerl-version';
import { RUN_QUEUE_NAME, RUN_QUEUE_PREFIX, RunQueue, redisOptions, type QueueOwner, type RunJobData, type RunJobProgress, type RunJobResult } from '../queue/run-queue';
import type { RedisLocation } from '../queue/redis-url';
import { checkStore, readStoreId, STORE_ID_FILE } from '../store/run-store';
import { processRunJob, type ActiveRun, type RunJobContext } from './process-run-job';

/** Options of {@link RunWorker.start}. */
/** See {@link RunWorkerOptions.leaseStaleMs}. */
const DEFAULT_LEASE_STALE_MS = 180_000;

export interface RunWorkerOptions {
  readonly location: RedisLocation;
  /** The store directory as given (`--store`); checked for writing, resolved from `cwd`. */
  readonly store: string;
  readonly cwd?: string;
  /** Runs trained at once, each in its own process (one core each). Default 1. */
  readonly concurrency?: number;
  /** Recorded on every run this worker takes. Default `<host>:<pid>`. */
  readonly name?: string;
  /**
   * BullMQ's job lock, ms (default 30,000): a worker that stops renewing it for this long (dead,
   * cut off) loses its runs to the others.
   */
  readonly lockDurationMs?: number;
  /**
   * How long a run lease in the store may go unrefreshed before another worker takes the run over,
   * ms (default 180,000, and at least the lock duration). Longer than a network file system's
   * attribute cache (NFS: up to 60 s) plus the refresh period (half of it), so that a cached stat
   * never shows a live lease as stale; a dead machine's runs wait this long before they resume.
   */
  readonly leaseStaleMs?: number;
  /** How often this worker looks for stalled runs of dead workers, ms. Default 30,000. */
  readonly stalledIntervalMs?: number;
  /**
   * How many times a run may be taken back from a dead worker before it is failed (BullMQ's
   * `maxStalledCount`). Default 3: machines do die, and the run resumes from its checkpoint.
   */
  readonly maxStalledCount?: number;
  /** Delay before a run waiting for a dependency or a leased directory is looked at again, ms. Default 5,000. */
  readonly retryDelayMs?: number;
  readonly onEvent?: (event: RunWorkerEvent) => void;
}

/** What a worker reports as it goes (for the `prunerl worker` display). */
export type RunWorkerEvent =
  | { readonly type: 'start'; readonly id: string; readonly attempt: number }
  | { readonly type: 'progress'; readonly id: string; readonly progress: RunJobProgress }
  | { readonly type: 'log'; readonly id: string; readonly message: string }
  | { readonly type: 'complete'; readonly id: string; readonly result: RunJobResult }
  | { readonly type: 'failed'; readonly id: string; readonly error: string; readonly willRetry: boolean }
  | { readonly type: 'error'; readonly message: string };

/** Why a worker stopped. */
export type RunWorkerExit =
  | { readonly reason: 'closed' }
  /** It met a run of another prunerl version, or bound for another store (put back in the queue untouched). */
  | { readonly reason: 'refused'; readonly error: ConfigError };

/** The error of a worker whose version or store is not the queue's (or its job's), if they differ. */
function mismatch(options: RunWorkerOptions, owner: QueueOwner, version: string, storeId: string | undefined): ConfigError | undefined {
  if (owner.version !== version) {
    return new ConfigError({
      field: '--queue',
      value: options.location.display,
      expected: `runs of prunerl ${version} (this worker's version); the queue holds runs enqueued by prunerl ${owner.version}`,
      hint: `Start workers of prunerl ${owner.version} for them; runs are not mixed across versions.`,
    });
  }
  if (owner.store !== storeId) {
    return new ConfigError({
      field: '--store',
      value: options.store,
      expected: `the store the queue's runs go to (id ${owner.store} in its ${STORE_ID_FILE}); ${storeId === undefined ? `this directory has no ${STORE_ID_FILE}` : `this one's id is ${storeId}`}`,
      hint: 'Is the shared file system mounted here? Give this machine\'s path to the directory the sweep was enqueued with.',
    });
  }
  return undefined;
}

/** How often a busy worker looks at the cancelled sweeps, ms. */
const CANCEL_POLL_MS = 1_000;

/**
 * A `prunerl worker`: takes runs from the queue (BullMQ `Worker`, `concurrency` at a time), trains
 * each in its own child process so the event loop stays free to renew the job locks, resumes runs
 * from their checkpoints, and shuts down gracefully (running runs checkpoint and go back to the
 * queue). A worker started before anything is enqueued waits for runs.
 *
 * @example
 * ```ts
 * const worker = await RunWorker.start({ location: parseRedisUrl('redis://10.0.0.5:6379'), store: '/mnt/runs', concurrency: 2 });
 * process.on('SIGTERM', () => void worker.close());
 * console.log(await worker.closed); // { reason: 'closed' }
 * ```
 */
export class RunWorker {
  /** Settles when the worker has stopped (after {@link RunWorker.close}, or a version conflict). */
  readonly closed: Promise<RunWorkerExit>;
  readonly name: string;
  private readonly active = new Map<string, ActiveRun>();
  private stopping = false;
  private exit: RunWorkerExit = { reason: 'closed' };
  private readonly worker: Worker<RunJobData, RunJobResult>;
  private readonly cancelPoll: NodeJS.Timeout;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly queue: RunQueue,
    readonly store: string,
    readonly version: string,
    options: RunWorkerOptions,
  ) {
    const emit = options.onEvent ?? (() => undefined);
    this.name = options.name ?? `${hostname()}:${process.pid}`;
    const lockDuration = options.lockDurationMs ?? 30_000;
    const context: RunJobContext = {
      queue,
      store,
      worker: this.name,
      version,
      leaseStaleMs: Math.max(lockDuration, options.leaseStaleMs ?? DEFAULT_LEASE_STALE_MS),
      retryDelayMs: options.retryDelayMs ?? 5_000,
      active: this.active,
      stopping: () => this.stopping,
      onRefused: (job, storeId) => {
        this.exit = { reason: 'refused', error: mismatch(options, { version: job.prunerl, store: job.store }, version, storeId) ?? new ConfigError({ field: 'job', value: job.directory, expected: 'a run for this worker' }) };
        void this.close();
      },
      onProgress: (id, progress) => emit({ type: 'progress', id, progress }),
      onLog: (id, message) => emit({ type: 'log', id, message }),
    };
    this.worker = new Worker<RunJobData, RunJobResult>(
      RUN_QUEUE_NAME,
      async (job: Job<RunJobData, RunJobResult>, token?: string) => {
        emit({ type: 'start', id: job.id!, attempt: job.attemptsMade + 1 });
        return processRunJob(job, token, context);
      },
      {
        connection: redisOptions(options.location),
        prefix: RUN_QUEUE_PREFIX,
        name: this.name,
        autorun: false,
        concurrency: options.concurrency ?? 1,
        lockDuration,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        maxStalledCount: options.maxStalledCount ?? 3,
      },
    );
    this.worker.on('completed', (job, result) => emit({ type: 'complete', id: job.id!, result }));
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const willRetry = error.name !== 'UnrecoverableError' && job.attemptsMade < (job.opts.attempts ?? 1);
      emit({ type: 'failed', id: job.id!, error: error.message, willRetry });
    });
    this.worker.on('error', (error) => emit({ type: 'error', message: error.message }));
    // A lock that could not be renewed (Redis gone too long): another worker may take the run,
    // so this one stops training it (the lease keeps the two apart meanwhile).
    this.worker.on('lockRenewalFailed', (ids) => {
      for (const id of ids) this.stopRun(id, 'lost');
    });
    this.cancelPoll = setInterval(() => void this.stopCancelled().catch(() => undefined), CANCEL_POLL_MS);
    this.cancelPoll.unref();
    this.closed = this.worker.run().then(
      async () => {
        await this.close();
        return this.exit;
      },
      async (error: unknown) => {
        await this.close();
        throw error;
      },
    );
  }

  /**
   * Checks the store (writable), the queue (reachable), and that the queue's runs are of this
   * prunerl version and bound for this store (its `.prunerl-store.json` id), then starts taking
   * runs. Each failed check is a `ConfigError` naming the value, before any run is taken. A worker
   * started before anything is enqueued waits.
   */
  static async start(options: RunWorkerOptions): Promise<RunWorker> {
    const store = await checkStore(options.store, options.cwd ?? process.cwd());
    const version = prunerlVersion();
    const queue = await RunQueue.open(options.location, (error) => options.onEvent?.({ type: 'error', message: error.message }));
    try {
      const owner = await queue.owner();
      const problem = owner && mismatch(options, owner, version, await readStoreId(store));
      if (problem) throw problem;
    } catch (error) {
      await queue.close();
      throw error;
    }
    return new RunWorker(queue, store, version, options);
  }

  /** Ids of the runs being trained now. */
  get running(): string[] {
    return [...this.active.keys()];
  }

  /**
   * Stops gracefully: takes no new run; running ones finish their current step, write a
   * checkpoint and go back to the queue, where another worker resumes them. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopping = true;
      clearInterval(this.cancelPoll);
      for (const id of this.active.keys()) this.stopRun(id, 'shutdown');
      await this.worker.close();
      await this.queue.close();
    })();
    return this.closing;
  }

  private stopRun(id: string, reason: ActiveRun['stopReason'] & string): void {
    const run = this.active.get(id);
    if (!run) return;
    run.stopReason ??= reason;
    run.process?.stop();
  }

  private async stopCancelled(): Promise<void> {
    if (this.active.size === 0) return;
    const cancelled = await this.queue.cancelledSweeps();
    for (const [id, run] of this.active) if (cancelled.has(run.sweep)) this.stopRun(id, 'cancel');
  }
}

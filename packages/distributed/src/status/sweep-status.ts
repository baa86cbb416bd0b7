import type { Job, JobType } from 'bullmq';
import type { RunJobData, RunJobProgress, RunJobResult, RunQueue } from '../queue/run-queue';

/** Where a run stands in the queue. */
export type RunQueueState =
  /** Waiting for a worker (also: delayed for a retry's backoff, a dependency or a leased directory). */
  | 'queued'
  /** A worker is training it. */
  | 'active'
  | 'complete'
  /** Failed for good: its own error, or its retries used up. */
  | 'failed'
  /** Not in the queue (never enqueued, or cancelled). */
  | 'missing';

/** One run's line of `prunerl sweep --status`. */
export interface RunStatusRow {
  /** The job id: the run directory relative to the store (`<sweep>/<run>/seed-<n>`). */
  readonly id: string;
  readonly sweep: string;
  readonly state: RunQueueState;
  /** The worker training it (active) or that trained it (complete, failed). */
  readonly worker: string | undefined;
  /** The last progress its worker published (active; the last one of a finished run). */
  readonly progress: RunJobProgress | undefined;
  readonly result: RunJobResult | undefined;
  /** Attempts used (a failure that is retried uses one; a worker's death or a shutdown does not). */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** The failed reason (failed), or the last failure of a run queued for a retry. */
  readonly error: string | undefined;
  /** Queued runs: `delayed` when a retry's backoff, a dependency or a leased directory holds it. */
  readonly delayed: boolean;
  /** Epoch ms: enqueued, last taken by a worker, finished. */
  readonly enqueuedAt: number;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
}

/** Which runs {@link readSweepStatus} reports. */
export interface SweepStatusFilter {
  /** Only this sweep's runs (by the jobs' name). Default every sweep in the queue. */
  readonly sweep?: string;
  /** These job ids, in this order; those not in the queue are `missing`. */
  readonly ids?: readonly string[];
}

const STATES: ReadonlyArray<readonly [RunQueueState, JobType[], boolean]> = [
  ['active', ['active'], false],
  ['queued', ['waiting', 'prioritized', 'waiting-children'], false],
  ['queued', ['delayed'], true],
  ['complete', ['completed'], false],
  ['failed', ['failed'], false],
];

function rowOf(job: Job<RunJobData, RunJobResult>, state: RunQueueState, delayed: boolean): RunStatusRow {
  const progress = typeof job.progress === 'object' && job.progress !== null && 'worker' in job.progress ? (job.progress as unknown as RunJobProgress) : undefined;
  const result = state === 'complete' ? (job.returnvalue ?? undefined) : undefined;
  return {
    id: job.id!,
    sweep: job.data.sweep,
    state,
    worker: result?.worker ?? job.processedBy ?? progress?.worker,
    progress,
    result,
    attempts: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    error: job.failedReason || undefined,
    delayed,
    enqueuedAt: job.timestamp,
    startedAt: job.processedOn ?? undefined,
    finishedAt: job.finishedOn ?? undefined,
  };
}

/**
 * Reads where every run of a sweep (or of every sweep) stands in the queue, from BullMQ's job
 * states, the progress workers publish on their jobs, and the completed jobs' results: what
 * `prunerl sweep --status` prints and `--wait` follows.
 */
export async function readSweepStatus(queue: RunQueue, filter: SweepStatusFilter = {}): Promise<RunStatusRow[]> {
  const rows = new Map<string, RunStatusRow>();
  for (const [state, types, delayed] of STATES) {
    const jobs = (await queue.queue.getJobs(types)) as Array<Job<RunJobData, RunJobResult> | undefined>;
    for (const job of jobs) {
      if (!job?.id || (filter.sweep !== undefined && job.data.sweep !== filter.sweep)) continue;
      // A job moving between states while the lists are read shows once, in its later state.
      if (!rows.has(job.id) || state !== 'active') rows.set(job.id, rowOf(job, state, delayed));
    }
  }
  if (filter.ids === undefined) return [...rows.values()].sort((a, b) => (a.sweep === b.sweep ? a.enqueuedAt - b.enqueuedAt || a.id.localeCompare(b.id) : a.sweep.localeCompare(b.sweep)));
  // The lists above are read one after the other: a job that moved between two of them (waiting,
  // then active, then failed) may be in none. Those are looked up one by one.
  for (const id of filter.ids) {
    if (rows.has(id)) continue;
    const job = (await queue.queue.getJob(id)) as Job<RunJobData, RunJobResult> | undefined;
    const state = job ? await job.getState() : 'unknown';
    const entry = STATES.find(([, types]) => types.includes(state as JobType));
    if (job && entry) rows.set(id, rowOf(job, entry[0], entry[2]));
  }
  return filter.ids.map(
    (id) =>
      rows.get(id) ?? {
        id,
        sweep: id.split('/')[0]!,
        state: 'missing',
        worker: undefined,
        progress: undefined,
        result: undefined,
        attempts: 0,
        maxAttempts: 0,
        error: undefined,
        delayed: false,
        enqueuedAt: 0,
        startedAt: undefined,
        finishedAt: undefined,
      },
  );
}

/** Whether a run will not change any more without someone acting (complete, failed, missing). */
export function isSettled(row: RunStatusRow): boolean {
  return row.state === 'complete' || row.state === 'failed' || row.state === 'missing';
}

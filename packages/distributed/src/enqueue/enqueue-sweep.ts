import { hostname } from 'node:os';
import { ConfigError } from '@prunerl/core';
import type { ExpandedSweep } from '@prunerl/runner';
import { RUN_JOB_OPTIONS, type RunJobData, type RunQueue } from '../queue/run-queue';
import { ensureStoreId, insideStore, storeRun } from '../store/run-store';

/** Options of {@link enqueueSweep}. */
export interface EnqueueSweepOptions {
  /** The store's absolute path on this machine; the sweep must have been expanded into it. */
  readonly store: string;
  /** The prunerl version stamped on the jobs (see `prunerlVersion`). */
  readonly version: string;
  /** Put the sweep's failed runs back in the queue (their attempts start again). */
  readonly retryFailed?: boolean;
}

/** What {@link enqueueSweep} did. */
export interface EnqueueSweepResult {
  /** Runs in the sweep. */
  readonly runs: number;
  /** Jobs added now (new runs, and runs whose finished job was bound for another store). */
  readonly added: number;
  /** Runs already in the queue for this store (queued, active, complete or failed; the retried ones among them). */
  readonly present: number;
  /** Ids of the sweep's runs that are failed in the queue (after any retry). */
  readonly failed: readonly string[];
  /** Failed runs put back in the queue as fresh jobs (`retryFailed`). */
  readonly retried: number;
}

/**
 * Enqueues one BullMQ job per run of a sweep (expanded into the store, see `storeRun`). The job id
 * is the run's directory relative to the store, so a run already in the queue for this store,
 * whatever its state, is left alone: enqueuing the same sweep twice adds nothing (BullMQ ignores a
 * job whose id exists), and after `--cancel` the same command puts the runs back, to resume from
 * their checkpoints. A finished job of another store is replaced (its run never trained in this
 * one); `retryFailed` replaces failed jobs with fresh ones of this version. The queue's prunerl
 * version is claimed first (refused while runs of another version or store are unfinished), with
 * the store's id (created on first use), and the sweep's cancelled mark is cleared.
 */
export async function enqueueSweep(queue: RunQueue, expanded: ExpandedSweep, options: EnqueueSweepOptions): Promise<EnqueueSweepResult> {
  if (insideStore(options.store, expanded.directory) === undefined) {
    throw new ConfigError({ field: 'outputDir', value: expanded.directory, expected: `a directory inside the store ${options.store}` });
  }
  const name = expanded.sweep.name;
  const stored = expanded.runs.map((run) => ({ run, stored: storeRun(run, options.store) }));
  const storeId = await ensureStoreId(options.store);
  await queue.claim({ version: options.version, store: storeId });
  await queue.clearCancelled(name);
  const states = await Promise.all(stored.map(({ stored: s }) => queue.queue.getJobState(s.directory)));
  // A finished job stays (its id is what makes enqueuing idempotent) unless it was bound for
  // another store (the same sweep enqueued into a fresh store: its run has not trained there), or
  // it failed and is to be retried. Either is removed and added again with this enqueue's data: a
  // BullMQ retry would keep the old job's version, store, config and stall count.
  const renewed = new Set<number>();
  let retried = 0;
  const failed: string[] = [];
  for (const [i, { stored: s }] of stored.entries()) {
    if (states[i] !== 'completed' && states[i] !== 'failed') continue;
    const job = await queue.queue.getJob(s.directory);
    const elsewhere = job !== undefined && job.data.store !== storeId;
    const retry = !elsewhere && states[i] === 'failed' && options.retryFailed === true;
    if (job && (elsewhere || retry)) {
      await job.remove();
      renewed.add(i);
      if (retry) retried += 1;
    } else if (states[i] === 'failed') {
      failed.push(s.directory);
    }
  }
  const enqueuedAt = new Date().toISOString();
  const enqueuedBy = `${hostname()}:${process.pid}`;
  const toAdd = stored.filter((_, i) => states[i] === 'unknown' || renewed.has(i));
  const jobs = toAdd.map(({ run, stored: s }) => {
    const data: RunJobData = {
      prunerl: options.version,
      store: storeId,
      sweep: name,
      run: run.id,
      seed: run.seed,
      config: s.config,
      factors: run.factors,
      directory: s.directory,
      dependsOn: s.dependsOn,
      enqueuedAt,
      enqueuedBy,
    };
    return { name, data, opts: { ...RUN_JOB_OPTIONS, jobId: s.directory } };
  });
  // addBulk keeps the sweep's order (grid or seeds-first): workers take runs first in, first out.
  if (jobs.length > 0) await queue.queue.addBulk(jobs);
  const added = jobs.length - retried;
  return { runs: expanded.runs.length, added, present: expanded.runs.length - added, failed, retried };
}

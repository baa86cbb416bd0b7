import type { RunQueue } from '../queue/run-queue';
import { readSweepStatus } from './sweep-status';

/** Options of {@link cancelSweep}. */
export interface CancelSweepOptions {
  /** How long to wait for running runs to checkpoint and stop, ms. Default 120,000. */
  readonly timeoutMs?: number;
  /** Time between two looks at the queue, ms. Default 500. */
  readonly pollMs?: number;
  /** Told which runs are still stopping, after each look. */
  readonly onWaiting?: (ids: readonly string[]) => void;
}

/** What {@link cancelSweep} did. */
export interface CancelSweepResult {
  readonly sweeps: readonly string[];
  /** Jobs taken off the queue (queued, stopped, complete or failed). */
  readonly removed: number;
  /** Runs still active when the wait ended (their workers did not answer in time). */
  readonly stillActive: readonly string[];
}

/**
 * Takes a sweep (or every sweep) off the queue: marks it cancelled, so workers stop its running
 * runs at their next step with a checkpoint and no worker starts another, and removes its jobs as
 * they settle. Run directories are kept: enqueuing the sweep again puts the runs back, and they
 * resume from their checkpoints (complete ones are skipped).
 */
export async function cancelSweep(queue: RunQueue, sweep: string | undefined, options: CancelSweepOptions = {}): Promise<CancelSweepResult> {
  const initial = await readSweepStatus(queue, sweep === undefined ? {} : { sweep });
  const sweeps = sweep === undefined ? [...new Set(initial.map((row) => row.sweep))] : [sweep];
  for (const name of sweeps) await queue.markCancelled(name);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let removed = 0;
  let rows = initial;
  const read = async (): Promise<typeof rows> => (await Promise.all(sweeps.map((name) => readSweepStatus(queue, { sweep: name })))).flat();
  for (;;) {
    const active: string[] = [];
    for (const row of rows) {
      if (!sweeps.includes(row.sweep)) continue;
      if (row.state === 'active') {
        active.push(row.id);
        continue;
      }
      // 0: locked, i.e. taken by a worker meanwhile; it sees the mark and stops, removed on a later look.
      if ((await queue.queue.remove(row.id)) === 1) removed += 1;
      else active.push(row.id);
    }
    if (active.length === 0) {
      // The status reads BullMQ's lists one after another: a job that moved between two of them
      // (taken from waiting as the lists were read) is missing from that read. Done only when a
      // fresh read finds none of the sweeps' jobs left.
      rows = await read();
      if (rows.length === 0) return { sweeps, removed, stillActive: [] };
      if (Date.now() > deadline) return { sweeps, removed, stillActive: rows.map((row) => row.id) };
      continue;
    }
    if (Date.now() > deadline) return { sweeps, removed, stillActive: active };
    options.onWaiting?.(active);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    rows = await read();
  }
}

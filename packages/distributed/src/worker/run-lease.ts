import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';

/** A run directory held by this worker (see {@link acquireRunLease}). */
export interface RunLease {
  /** Gives the directory up (never throws: a lease already lost is simply gone). */
  release(): Promise<void>;
}

/** Options of {@link acquireRunLease}. */
export interface RunLeaseOptions {
  /**
   * A lease whose holder stopped refreshing it for this long is taken over (a dead machine). The
   * holder refreshes it every `staleMs / 2` from its event loop, which training never blocks (runs
   * train in child processes).
   */
  readonly staleMs: number;
  /** Called when the lease is lost while held (the store went away, or another worker took it over). */
  readonly onLost: (error: Error) => void;
}

/**
 * Takes the lease of a run directory in the store, or returns `undefined` when another live worker
 * holds it. BullMQ delivers a job at least once: a worker that lost its job's lock (Redis restarted,
 * a long network cut) may still be training when the stalled job is handed to another worker. The
 * lease, a lock directory beside the run directory (`.seed-0.lock`, proper-lockfile: `mkdir` is
 * atomic on local and network file systems, staleness by mtime), makes sure only one process ever
 * trains a run directory, so the checkpoints make the delivery exactly-once in effect.
 */
export async function acquireRunLease(directory: string, options: RunLeaseOptions): Promise<RunLease | undefined> {
  const parent = dirname(directory);
  await mkdir(parent, { recursive: true });
  const stale = Math.max(2_000, options.staleMs);
  try {
    const release = await lockfile.lock(directory, {
      realpath: false,
      lockfilePath: join(parent, `.${basename(directory)}.lock`),
      stale,
      update: Math.max(1_000, Math.floor(stale / 2)),
      retries: 0,
      onCompromised: options.onLost,
    });
    return {
      release: async () => {
        try {
          await release();
        } catch {
          // Released already, or compromised (onLost has been told).
        }
      },
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw error;
  }
}

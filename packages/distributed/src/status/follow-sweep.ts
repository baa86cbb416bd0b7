import type { RunQueue } from '../queue/run-queue';
import { isSettled, readSweepStatus, type RunStatusRow } from './sweep-status';

/** Options of {@link followSweep}. */
export interface FollowSweepOptions {
  /** Time between two looks at the queue, ms. Default 1,000. */
  readonly pollMs?: number;
  /** Every look at the queue. */
  readonly onUpdate?: (rows: readonly RunStatusRow[]) => void;
  /** A look that failed (Redis restarting): following goes on, the connection reconnects. */
  readonly onError?: (error: Error) => void;
  /** Polled often; true stops following (the runs go on). */
  readonly shouldStop?: () => boolean;
}

function pause(ms: number, shouldStop: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const end = Date.now() + ms;
    const tick = (): void => {
      if (shouldStop() || Date.now() >= end) resolve();
      else setTimeout(tick, Math.min(100, end - Date.now()));
    };
    tick();
  });
}

/**
 * Follows the runs `ids` until every one is settled (complete, failed or missing) and returns their
 * last status, or `undefined` when stopped first. A failed look (Redis down for a restart) is
 * reported and retried: following a long sweep survives the queue's restarts.
 */
export async function followSweep(queue: RunQueue, ids: readonly string[], options: FollowSweepOptions = {}): Promise<RunStatusRow[] | undefined> {
  const shouldStop = options.shouldStop ?? (() => false);
  for (;;) {
    if (shouldStop()) return undefined;
    try {
      const rows = await readSweepStatus(queue, { ids });
      options.onUpdate?.(rows);
      if (rows.every(isSettled)) return rows;
    } catch (error) {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
    await pause(options.pollMs ?? 1_000, shouldStop);
  }
}

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

/** Where {@link followSweep} left the runs. */
export interface FollowSweepResult {
  /** The runs' last status (empty if the queue could not be read before a stop). */
  readonly rows: RunStatusRow[];
  /** True when every run is settled; false when following was stopped first. */
  readonly settled: boolean;
}

/**
 * Follows the runs `ids` until every one is settled (complete, failed or missing), or until
 * `shouldStop`. A failed look (Redis down for a restart) is reported and retried: following a long
 * sweep survives the queue's restarts.
 */
export async function followSweep(queue: RunQueue, ids: readonly string[], options: FollowSweepOptions = {}): Promise<FollowSweepResult> {
  const shouldStop = options.shouldStop ?? (() => false);
  let rows: RunStatusRow[] = [];
  for (;;) {
    if (shouldStop()) return { rows, settled: false };
    try {
      rows = await readSweepStatus(queue, { ids });
      options.onUpdate?.(rows);
      if (rows.every(isSettled)) return { rows, settled: true };
    } catch (error) {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
    await pause(options.pollMs ?? 1_000, shouldStop);
  }
}

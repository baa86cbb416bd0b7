/**
 * The worker process of a sweep: receives one run over IPC, trains it (`mode: 'auto'`: resume a
 * partial run, skip a complete one), reports progress, and exits. SIGINT/SIGTERM finish the current
 * step, checkpoint and exit 0, like `prunerl train`.
 */
import { PrunerlError } from '@prunerl/core';
import { loadPlugins } from '../plugins/load-plugins';
import { trainRun } from '../run/train-run';
import type { SweepJobMessage, SweepWorkerMessage } from './sweep-messages';

let stopRequested = false;
process.on('SIGINT', () => {
  stopRequested = true;
});
process.on('SIGTERM', () => {
  stopRequested = true;
});
// The parent going away must not leave an orphan training forever.
process.on('disconnect', () => {
  stopRequested = true;
});

/** The errno code of an operating-system error (`EIO`, `ENOSPC`), which another try may not meet. */
function errnoOf(error: unknown): string | undefined {
  if (error instanceof PrunerlError || !(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof (error as NodeJS.ErrnoException).syscall === 'string' ? code : undefined;
}

function send(message: SweepWorkerMessage): void {
  if (process.connected) process.send?.(message);
}

async function runJob(job: SweepJobMessage): Promise<void> {
  try {
    await loadPlugins(job.config.plugins, process.cwd());
    const result = await trainRun({
      config: job.config,
      seed: job.seed,
      directory: job.directory,
      mode: 'auto',
      factors: job.factors,
      ...(job.kernelThreads !== undefined ? { kernelThreads: job.kernelThreads } : {}),
      shouldStop: () => stopRequested,
      onProgress: (progress) => send({ type: 'progress', id: job.id, progress }),
      log: (message) => send({ type: 'log', id: job.id, message }),
    });
    send({ type: 'result', id: job.id, status: result.status, directory: result.directory, ...(result.resumedFrom !== undefined ? { resumedFrom: result.resumedFrom } : {}) });
  } catch (error) {
    send({
      type: 'error',
      id: job.id,
      message: error instanceof Error ? error.message : String(error),
      code: error instanceof PrunerlError ? error.code : undefined,
      ...(errnoOf(error) !== undefined ? { errno: errnoOf(error) } : {}),
    });
    process.exitCode = 1;
  }
}

process.once('message', (message: SweepJobMessage) => {
  void runJob(message).finally(() => {
    process.disconnect?.();
  });
});

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

function send(message: SweepWorkerMessage): void {
  if (process.connected) process.send?.(message);
}

async function runJob(job: SweepJobMessage): Promise<void> {
  try {
    await loadPlugins(job.config.plugins, process.cwd());
    const result = await trainRun({
      config: job.config,
      seed: job.seed,
      mode: 'auto',
      factors: job.factors,
      shouldStop: () => stopRequested,
      onProgress: (progress) => send({ type: 'progress', id: job.id, progress }),
      log: (message) => send({ type: 'log', id: job.id, message }),
    });
    send({ type: 'result', id: job.id, status: result.status, directory: result.directory });
  } catch (error) {
    send({
      type: 'error',
      id: job.id,
      message: error instanceof Error ? error.message : String(error),
      code: error instanceof PrunerlError ? error.code : undefined,
    });
    process.exitCode = 1;
  }
}

process.once('message', (message: SweepJobMessage) => {
  void runJob(message).finally(() => {
    process.disconnect?.();
  });
});

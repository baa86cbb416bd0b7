import { parseRedisUrl, RunWorker } from '@prunerl/distributed';
import type { CliOutput } from '../output/cli-io';
import { formatCount } from '../output/format-duration';
import { ProgressDisplay } from '../output/progress-display';
import { StopSignal } from '../output/stop-signal';

/** Options of `prunerl worker`. */
export interface WorkerCommandOptions {
  /** `redis://host:port[/db]`. */
  readonly queue: string;
  /** This machine's path to the shared store. */
  readonly store: string;
  /** Runs trained at once (one process, one core each). Default 1. */
  readonly concurrency?: number;
  /** The worker's name in `--status`. Default `<host>:<pid>`. */
  readonly name?: string;
  /** BullMQ's job lock, ms (a dead worker's runs go to others after it). Default 30,000. */
  readonly lockDuration?: number;
  /** How often to look for runs of dead workers, ms. Default 30,000. */
  readonly stalledInterval?: number;
  /** How long a run lease may go unrefreshed before another worker takes the run over, ms. Default 180,000. */
  readonly leaseStale?: number;
}

/**
 * `prunerl worker --queue <url> --store <dir>`: takes runs from the queue until stopped and trains
 * each in its own process (resuming from its checkpoint when another worker died with it). Ctrl-C
 * or SIGTERM: running runs checkpoint and go back to the queue, then the worker exits 0. Exits 2
 * (before taking anything) when the store is not writable, Redis unreachable, or the queue holds
 * runs of another prunerl version, and also when such a run shows up later (it is put back).
 */
export async function workerCommand(options: WorkerCommandOptions, output: CliOutput): Promise<number> {
  const location = parseRedisUrl(options.queue);
  const display = new ProgressDisplay(output);
  let lastError = '';
  const worker = await RunWorker.start({
    location,
    store: options.store,
    cwd: output.io.cwd,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.lockDuration !== undefined ? { lockDurationMs: options.lockDuration } : {}),
    ...(options.stalledInterval !== undefined ? { stalledIntervalMs: options.stalledInterval } : {}),
    ...(options.leaseStale !== undefined ? { leaseStaleMs: options.leaseStale } : {}),
    onEvent: (event) => {
      switch (event.type) {
        case 'start':
          display.log(`${event.id}: taken (attempt ${event.attempt})`);
          output.event('start', { id: event.id, attempt: event.attempt });
          break;
        case 'progress':
          display.update(event.id, event.id, event.progress);
          break;
        case 'log':
          display.log(`${event.id}: ${event.message}`);
          break;
        case 'complete':
          display.finish(event.id);
          display.log(
            `${event.id}: ${event.result.status === 'skipped' ? 'already complete' : 'complete'}` +
              `${event.result.envStepsPerSecond ? ` (${formatCount(event.result.envStepsPerSecond)} steps/s)` : ''}`,
          );
          output.event('run', { id: event.id, ...event.result });
          break;
        case 'failed':
          display.finish(event.id);
          display.log(`${event.id}: failed${event.willRetry ? ' (will retry)' : ''}: ${event.error}`);
          output.event('run', { id: event.id, status: 'failed', error: event.error, willRetry: event.willRetry });
          break;
        case 'error':
          // Connection errors repeat on every reconnect attempt while Redis is down: say it once.
          if (event.message !== lastError) output.warn(`redis: ${event.message}`);
          lastError = event.message;
          break;
      }
    },
  });
  output.info(`worker ${worker.name}: taking runs from ${location.display}, store ${worker.store}, ${options.concurrency ?? 1} at a time (Ctrl-C to stop)`);
  const stop = new StopSignal(output);
  const watch = setInterval(() => {
    if (stop.requested) void worker.close();
  }, 200);
  try {
    const exit = await worker.closed;
    if (exit.reason === 'refused') throw exit.error;
    output.result(`worker ${worker.name}: stopped`, { worker: worker.name });
    return 0;
  } finally {
    clearInterval(watch);
    stop.dispose();
    display.stop();
  }
}

import { fork } from 'node:child_process';
import type { ExperimentProgress } from '../experiment/experiment-loop';
import { workerLaunch } from './worker-launch';
import type { SweepJobMessage, SweepWorkerMessage } from './sweep-messages';

/**
 * Why a run process ended without a result:
 * - `run`: the run's own error (a bad config or plugin, a failed checkpoint restore, a diverged
 *   loss): running it again would fail the same way;
 * - `system`: an operating-system error (`EIO`, `ENOSPC`, `ESTALE`, ...), e.g. the store went
 *   away: another try may succeed;
 * - `crash`: the process died without saying why (killed, out of memory): another try may succeed.
 */
export type RunFailureKind = 'run' | 'system' | 'crash';

/** How one run process ended. */
export interface RunProcessOutcome {
  readonly status: 'complete' | 'interrupted' | 'skipped' | 'failed';
  readonly directory: string;
  readonly error?: string;
  /** Set when `status` is `failed`. */
  readonly failure?: RunFailureKind;
  /** `PrunerlError.code` of a `run` failure, or the errno code of a `system` one. */
  readonly code?: string;
  /** The checkpoint the run continued from, when it resumed. */
  readonly resumedFrom?: number;
}

/** Options of {@link startRunProcess}. */
export interface RunProcessOptions {
  /** The working directory of the process (relative paths of the config resolve from it). */
  readonly cwd?: string;
  readonly onProgress?: (progress: ExperimentProgress) => void;
  readonly onLog?: (message: string) => void;
}

/** A run training in its own process. */
export interface RunProcess {
  readonly pid: number | undefined;
  /** Settles when the process has exited (never rejects). */
  readonly outcome: Promise<RunProcessOutcome>;
  /** Asks the run to finish its current step, write a checkpoint and exit (SIGINT, as Ctrl-C). */
  stop(): void;
  /** Sends a signal to the process. */
  kill(signal: NodeJS.Signals): void;
}

/**
 * Trains one run in a child process (the runner's `sweep-worker`): one process per run, so a run
 * uses one core (the wasm backend is single-threaded in Node), its plugins and tfjs state die with
 * it, and the parent's event loop stays free (a queue worker keeps renewing its locks). The child
 * resumes a partial run from its last checkpoint and skips a complete one (`trainRun`'s `auto`).
 * Used by {@link runSweep} on one machine and by `@prunerl/distributed`'s workers across machines.
 */
export function startRunProcess(job: SweepJobMessage, options: RunProcessOptions = {}): RunProcess {
  const launch = workerLaunch();
  const child = fork(launch.script, [], { execArgv: launch.execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], ...(options.cwd !== undefined ? { cwd: options.cwd } : {}) });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume();
  let result: RunProcessOutcome | undefined;
  child.on('message', (message: SweepWorkerMessage) => {
    switch (message.type) {
      case 'progress':
        options.onProgress?.(message.progress);
        break;
      case 'log':
        options.onLog?.(message.message);
        break;
      case 'result':
        result = { status: message.status, directory: message.directory, ...(message.resumedFrom !== undefined ? { resumedFrom: message.resumedFrom } : {}) };
        break;
      case 'error':
        result = {
          status: 'failed',
          directory: job.directory,
          error: message.message,
          failure: message.code === undefined && message.errno !== undefined ? 'system' : 'run',
          ...(message.code !== undefined ? { code: message.code } : message.errno !== undefined ? { code: message.errno } : {}),
        };
        break;
    }
  });
  const outcome = new Promise<RunProcessOutcome>((resolve) => {
    const settle = (code: number | null, signal: NodeJS.Signals | null, error?: Error): void => {
      resolve(
        result ?? {
          status: 'failed',
          directory: job.directory,
          failure: 'crash',
          error: `worker ${error ? `failed to start: ${error.message}` : `exited with ${signal ? `signal ${signal}` : `code ${code}`}`}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
        },
      );
    };
    child.on('exit', (code, signal) => settle(code, signal));
    child.on('error', (error) => settle(null, null, error));
  });
  const send: SweepJobMessage = job;
  child.send(send);
  return {
    pid: child.pid,
    outcome,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    },
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

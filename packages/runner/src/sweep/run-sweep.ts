import { mkdir } from 'node:fs/promises';
import { MAX_KERNEL_THREADS } from '@prunerl/backend';
import { ConfigError } from '@prunerl/core';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from '../checkpoint/atomic-file';
import type { ExperimentProgress } from '../experiment/experiment-loop';
import { readRunMetadata } from '../run/run-directory';
import { checkStoredConfig } from '../run/train-run';
import type { ExpandedSweep, SweepRun } from './expand-sweep';
import { startRunProcess, type RunProcess } from './run-process';

/** How one run of a sweep ended. */
export interface SweepRunResult {
  readonly id: string;
  readonly directory: string;
  readonly status: 'complete' | 'interrupted' | 'skipped' | 'failed';
  readonly error?: string;
}

/** Events for a progress display. */
export type SweepEvent =
  | { readonly type: 'start'; readonly id: string; readonly worker: number }
  | { readonly type: 'progress'; readonly id: string; readonly worker: number; readonly progress: ExperimentProgress }
  | { readonly type: 'log'; readonly id: string; readonly message: string }
  | { readonly type: 'end'; readonly result: SweepRunResult };

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Parallel worker processes. Default: the sweep's `workers`, else the number of CPU cores. */
  readonly workers?: number;
  readonly onEvent?: (event: SweepEvent) => void;
  /** When it turns true, no new run starts; running ones are told to checkpoint and stop. */
  readonly shouldStop?: () => boolean;
  /**
   * Threads running each run's wasm kernels (`trainRun`'s `kernelThreads`; default 1). Worth more
   * than 1 only when `workers` leaves cores idle; results are the same for any count.
   */
  readonly kernelThreads?: number;
}

/** The summary file a sweep leaves in its directory (for reports and `prunerl sweep --status`). */
export const SWEEP_FILE = 'sweep.json';

/**
 * Runs every run of a sweep in parallel worker processes (one process per run, `workers` at a
 * time; each trains on one core, since the wasm backend is single-threaded in Node). Complete runs
 * are skipped without starting a process (failed if they were run with another config); partial ones resume from their last checkpoint. A run
 * that depends on others (a lottery ticket on its pruning run) starts once they are complete. A
 * failed run is reported and the others go on. Writes `sweep.json` with every run's status.
 */
export async function runSweep(expanded: ExpandedSweep, options: RunSweepOptions = {}): Promise<SweepRunResult[]> {
  checkKernelThreads(expanded, options.kernelThreads);
  const workers = Math.max(1, options.workers ?? expanded.sweep.workers ?? availableParallelism());
  const onEvent = options.onEvent ?? (() => undefined);
  const results = new Map<string, SweepRunResult>();
  const pending: SweepRun[] = [];
  for (const run of expanded.runs) {
    const metadata = await readRunMetadata(run.directory);
    if (metadata?.status === 'complete') {
      // Done only if done with this config: a sweep file changed since would otherwise report old results as its own.
      const mismatch = await checkStoredConfig(run.directory, run.config).then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      const result: SweepRunResult = mismatch === undefined ? { id: run.id, directory: run.directory, status: 'skipped' } : { id: run.id, directory: run.directory, status: 'failed', error: mismatch };
      results.set(run.id, result);
      onEvent({ type: 'end', result });
    } else {
      pending.push(run);
    }
  }
  await mkdir(expanded.directory, { recursive: true });
  const children = new Set<RunProcess>();
  const forward = (signal: NodeJS.Signals) => () => {
    for (const child of children) child.kill(signal);
  };
  const onTerm = forward('SIGTERM');
  process.on('SIGTERM', onTerm);
  let stopWatch: NodeJS.Timeout | undefined;
  if (options.shouldStop) {
    // A stop request (Ctrl-C in the parent) reaches workers started detached from the terminal too.
    let forwarded = false;
    stopWatch = setInterval(() => {
      if (!forwarded && options.shouldStop?.()) {
        forwarded = true;
        for (const child of children) child.kill('SIGINT');
      }
    }, 100);
  }

  const runOne = async (run: SweepRun, worker: number): Promise<SweepRunResult> => {
    const child = startRunProcess(
      { type: 'job', id: run.id, seed: run.seed, config: run.config, factors: run.factors, directory: run.directory, ...(options.kernelThreads !== undefined ? { kernelThreads: options.kernelThreads } : {}) },
      {
        onProgress: (progress) => onEvent({ type: 'progress', id: run.id, worker, progress }),
        onLog: (message) => onEvent({ type: 'log', id: run.id, message }),
      },
    );
    children.add(child);
    onEvent({ type: 'start', id: run.id, worker });
    const outcome = await child.outcome;
    children.delete(child);
    return { id: run.id, directory: outcome.directory, status: outcome.status, ...(outcome.error !== undefined ? { error: outcome.error } : {}) };
  };

  try {
    // Lanes take the first pending run whose dependencies are complete; when none is ready but runs
    // are still going, a lane waits for one of them to end (it may be the missing dependency).
    const queue = [...pending];
    const running = new Set<Promise<void>>();
    // Readiness is decided synchronously (no await between choosing a run and taking it from the
    // queue, so two lanes never take the same run): dependencies inside the sweep by their results,
    // others by their meta.json, read once here.
    const inSweep = new Map(expanded.runs.map((run) => [run.directory, run.id]));
    const external = new Map<string, boolean>();
    for (const run of pending) {
      for (const dependency of run.dependsOn) {
        if (!inSweep.has(dependency) && !external.has(dependency)) external.set(dependency, (await readRunMetadata(dependency))?.status === 'complete');
      }
    }
    const ready = (run: SweepRun): 'ready' | 'waiting' | 'failed' => {
      for (const dependency of run.dependsOn) {
        const id = inSweep.get(dependency);
        if (id === undefined) {
          if (!external.get(dependency)) return 'failed';
          continue;
        }
        const done = results.get(id);
        if (!done) return 'waiting';
        if (done.status !== 'complete' && done.status !== 'skipped') return 'failed';
      }
      return 'ready';
    };
    const lane = async (worker: number): Promise<void> => {
      while (queue.length > 0 && !options.shouldStop?.()) {
        const blocked = queue.find((run) => ready(run) === 'failed');
        if (blocked) {
          queue.splice(queue.indexOf(blocked), 1);
          const result: SweepRunResult = { id: blocked.id, directory: blocked.directory, status: 'failed', error: `a run it depends on did not complete (${blocked.dependsOn.join(', ')})` };
          results.set(blocked.id, result);
          onEvent({ type: 'end', result });
          continue;
        }
        const picked = queue.find((run) => ready(run) === 'ready');
        if (!picked) {
          if (queue.length === 0 || running.size === 0) return;
          await Promise.race(running);
          continue;
        }
        queue.splice(queue.indexOf(picked), 1);
        const run = picked;
        const task: Promise<void> = runOne(run, worker)
          .then((result) => {
            results.set(run.id, result);
            onEvent({ type: 'end', result });
          })
          .finally(() => running.delete(task));
        running.add(task);
        await task;
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, pending.length) }, (_, worker) => lane(worker)));
  } finally {
    process.off('SIGTERM', onTerm);
    if (stopWatch) clearInterval(stopWatch);
  }
  const ordered = expanded.runs.map(
    (run) => results.get(run.id) ?? { id: run.id, directory: run.directory, status: 'interrupted' as const, error: 'not started (the sweep was stopped)' },
  );
  await writeSweepSummary(expanded, ordered);
  return ordered;
}

/**
 * Writes `sweep.json` into the sweep's directory (atomically): every run's status, for reports and
 * for a look at where a sweep stands. Written by {@link runSweep} and by a distributed sweep's
 * `--wait`.
 */
export async function writeSweepSummary(expanded: ExpandedSweep, results: readonly SweepRunResult[]): Promise<void> {
  await writeFileAtomically(
    join(expanded.directory, SWEEP_FILE),
    `${JSON.stringify({ format: 'prunerl-sweep', version: 1, name: expanded.sweep.name, description: expanded.sweep.description, updatedAt: new Date().toISOString(), runs: results }, null, 2)}\n`,
  );
}

/** `kernelThreads` must suit every run before any starts (each run's process would refuse it otherwise). */
function checkKernelThreads(expanded: ExpandedSweep, kernelThreads: number | undefined): void {
  if (kernelThreads === undefined) return;
  if (!Number.isInteger(kernelThreads) || kernelThreads < 1 || kernelThreads > MAX_KERNEL_THREADS) {
    throw new ConfigError({ field: 'kernelThreads', value: kernelThreads, expected: `an integer from 1 to ${MAX_KERNEL_THREADS}` });
  }
  const other = expanded.runs.find((run) => run.config.backend !== 'wasm');
  if (kernelThreads > 1 && other) {
    throw new ConfigError({ field: 'kernelThreads', value: kernelThreads, expected: `1 for run ${other.id} (backend ${JSON.stringify(other.config.backend)}: kernel threads run on wasm only)` });
  }
}

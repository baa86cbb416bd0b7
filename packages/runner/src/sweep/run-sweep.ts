import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '@prunerl/core';
import { writeFileAtomically } from '../checkpoint/atomic-file';
import type { ExperimentProgress } from '../experiment/experiment-loop';
import { readRunMetadata } from '../run/run-directory';
import type { ExpandedSweep, SweepRun } from './expand-sweep';
import type { SweepJobMessage, SweepWorkerMessage } from './sweep-messages';

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
}

/** The summary file a sweep leaves in its directory (for reports and `prunerl sweep --status`). */
export const SWEEP_FILE = 'sweep.json';

/**
 * The command that starts a worker: the built `sweep-worker.js` next to this bundle, or, when
 * running from TypeScript sources (tests, `tsx`), the `.ts` file through tsx's loader.
 */
export function workerLaunch(): { readonly script: string; readonly execArgv: string[] } {
  // CommonJS (the .cjs build, jest) has __filename; ESM (the .js build, tsx) has import.meta.url.
  const here = typeof __filename !== 'undefined' ? __filename : fileURLToPath(import.meta.url);
  const directory = dirname(here);
  for (const name of ['sweep-worker.js', 'sweep-worker.cjs', 'sweep-worker.mjs']) {
    const script = join(directory, name);
    if (existsSync(script)) return { script, execArgv: [] };
  }
  const source = join(directory, 'sweep-worker.ts');
  if (!existsSync(source)) {
    throw new ConfigError({ field: 'sweep worker', value: directory, expected: 'sweep-worker.js (built) or sweep-worker.ts (sources) beside the runner' });
  }
  const tsx = createRequire(here).resolve('tsx');
  return { script: source, execArgv: ['--import', pathToFileURL(tsx).href, '--conditions=@prunerl/source'] };
}

/**
 * Runs every run of a sweep in parallel worker processes (one process per run, `workers` at a
 * time; each trains on one core, since the wasm backend is single-threaded in Node). Complete runs
 * are skipped without starting a process; partial ones resume from their last checkpoint. A run
 * that depends on others (a lottery ticket on its pruning run) starts once they are complete. A
 * failed run is reported and the others go on. Writes `sweep.json` with every run's status.
 */
export async function runSweep(expanded: ExpandedSweep, options: RunSweepOptions = {}): Promise<SweepRunResult[]> {
  const workers = Math.max(1, options.workers ?? expanded.sweep.workers ?? availableParallelism());
  const onEvent = options.onEvent ?? (() => undefined);
  const results = new Map<string, SweepRunResult>();
  const pending: SweepRun[] = [];
  for (const run of expanded.runs) {
    const metadata = await readRunMetadata(run.directory);
    if (metadata?.status === 'complete') {
      const result: SweepRunResult = { id: run.id, directory: run.directory, status: 'skipped' };
      results.set(run.id, result);
      onEvent({ type: 'end', result });
    } else {
      pending.push(run);
    }
  }
  await mkdir(expanded.directory, { recursive: true });
  const launch = pending.length > 0 ? workerLaunch() : undefined;
  const children = new Set<ChildProcess>();
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

  const runOne = (run: SweepRun, worker: number): Promise<SweepRunResult> =>
    new Promise((resolvePromise) => {
      const child = fork(launch!.script, [], { execArgv: launch!.execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      children.add(child);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-4000);
      });
      child.stdout?.resume();
      let result: SweepRunResult | undefined;
      child.on('message', (message: SweepWorkerMessage) => {
        switch (message.type) {
          case 'progress':
            onEvent({ type: 'progress', id: run.id, worker, progress: message.progress });
            break;
          case 'log':
            onEvent({ type: 'log', id: run.id, message: message.message });
            break;
          case 'result':
            result = { id: run.id, directory: message.directory, status: message.status };
            break;
          case 'error':
            result = { id: run.id, directory: run.directory, status: 'failed', error: message.message };
            break;
        }
      });
      child.on('exit', (code, signal) => {
        children.delete(child);
        resolvePromise(
          result ?? {
            id: run.id,
            directory: run.directory,
            status: 'failed',
            error: `worker exited with ${signal ? `signal ${signal}` : `code ${code}`}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
          },
        );
      });
      const job: SweepJobMessage = { type: 'job', id: run.id, seed: run.seed, config: run.config, factors: run.factors };
      child.send(job);
      onEvent({ type: 'start', id: run.id, worker });
    });

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
  await writeFileAtomically(
    join(expanded.directory, SWEEP_FILE),
    `${JSON.stringify({ format: 'prunerl-sweep', version: 1, name: expanded.sweep.name, description: expanded.sweep.description, updatedAt: new Date().toISOString(), runs: ordered.map((r) => ({ ...r, directory: r.directory })) }, null, 2)}\n`,
  );
  return ordered;
}

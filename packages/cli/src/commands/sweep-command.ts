import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from '@prunerl/core';
import { checkRunsFitTasks, estimateRunSeconds, loadPlugins, loadSweep, runSweep, shippedRunCosts, sweepPresetPath, type SweepRunResult } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';
import { ProgressDisplay } from '../output/progress-display';
import { StopSignal } from '../output/stop-signal';
import { queueSweepCommand } from './queue-sweep-command';
import { reportCommand } from './report-command';

/** Options of `prunerl sweep` (and `prunerl compare`). */
export interface SweepCommandOptions {
  /** A shipped preset instead of a file (`quickstart`, `fig1-width-scaling`, ...). */
  readonly preset?: string;
  readonly workers?: number;
  /** Threads running each run's wasm kernels (`--kernel-threads`). */
  readonly kernelThreads?: number;
  readonly frames?: number;
  readonly seeds?: readonly number[];
  readonly output?: string;
  /** Write the report at the end (default true). */
  readonly report?: boolean;
  /** List the runs and their status without training. */
  readonly list?: boolean;
  /** `redis://host:port[/db]`: enqueue the runs for `prunerl worker`s instead of training here. */
  readonly queue?: string;
  /** With `queue`: the store directory every worker reaches. */
  readonly store?: string;
  /** With `queue`: follow the runs until settled, then write the report. */
  readonly wait?: boolean;
  /** With `queue`: print where each run stands. */
  readonly status?: boolean;
  /** With `queue`: take the sweep off the queue. */
  readonly cancel?: boolean;
  /** With `queue`: put the sweep's failed runs back in the queue. */
  readonly retryFailed?: boolean;
}

/** Options that only make sense with `--queue`, and those that do not go with it. */
const QUEUE_ONLY = ['store', 'wait', 'status', 'cancel', 'retryFailed'] as const;
const NOT_WITH_QUEUE = {
  workers: '--workers (start `prunerl worker --concurrency N` on each machine instead)',
  output: '--output (the runs go to --store)',
  list: '--list',
  kernelThreads: '--kernel-threads (queued runs train with one kernel thread in `prunerl worker`)',
} as const;

function flag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `--queue` with its options: enqueue for workers (or `--status`, `--cancel`). */
function queueSweep(file: string | undefined, options: SweepCommandOptions, output: CliOutput): Promise<number> {
  for (const [name, label] of Object.entries(NOT_WITH_QUEUE)) {
    const value = options[name as keyof typeof NOT_WITH_QUEUE];
    if (value !== undefined && value !== false) throw new ConfigError({ field: flag(name), value, expected: `no ${label} with --queue` });
  }
  if (file !== undefined && options.preset !== undefined) throw new ConfigError({ field: 'sweep', value: file, expected: 'a sweep file or --preset <name>, not both' });
  const path = file !== undefined ? resolve(output.io.cwd, file) : options.preset !== undefined ? sweepPresetPath(options.preset) : undefined;
  return queueSweepCommand(
    path,
    {
      queue: options.queue!,
      ...(options.store !== undefined ? { store: options.store } : {}),
      ...(options.frames !== undefined ? { frames: options.frames } : {}),
      ...(options.seeds !== undefined ? { seeds: options.seeds } : {}),
      wait: options.wait === true,
      status: options.status === true,
      cancel: options.cancel === true,
      retryFailed: options.retryFailed === true,
      report: options.report !== false,
    },
    output,
  );
}

/**
 * Expands a sweep (every run validated first), trains its runs in parallel worker processes
 * (complete runs skipped, partial ones resumed), then writes the report and prints its path.
 * Exit code 0 when every run completed (or the sweep was stopped with checkpoints), 1 when a run failed.
 * With `queue`, the runs are enqueued for `prunerl worker`s on any machine instead (see
 * {@link queueSweepCommand}).
 */
export async function sweepCommand(file: string | undefined, options: SweepCommandOptions, output: CliOutput): Promise<number> {
  if (options.queue !== undefined) return queueSweep(file, options, output);
  for (const name of QUEUE_ONLY) {
    const value = options[name];
    if (value !== undefined && value !== false) throw new ConfigError({ field: flag(name), value, expected: 'to be given only with --queue redis://host:port (a sweep across machines)' });
  }
  if (file === undefined && options.preset === undefined) {
    throw new ConfigError({ field: 'sweep', value: 'neither a file nor --preset', expected: 'a sweep file or --preset <name>', hint: 'prunerl sweep --help lists the presets.' });
  }
  if (file !== undefined && options.preset !== undefined) {
    throw new ConfigError({ field: 'sweep', value: `${file} and --preset ${options.preset}`, expected: 'a sweep file or --preset <name>, not both' });
  }
  const path = file !== undefined ? resolve(output.io.cwd, file) : sweepPresetPath(options.preset!);
  const expanded = await loadSweep(path, {
    ...(options.frames !== undefined ? { frames: options.frames } : {}),
    ...(options.seeds !== undefined ? { seeds: options.seeds } : {}),
    ...(options.output !== undefined ? { outputDir: options.output } : {}),
    cwd: output.io.cwd,
  });
  // Plugins are loaded here too, so a missing one fails before any worker starts.
  await loadPlugins([...new Set(expanded.runs.flatMap((r) => r.config.plugins))], output.io.cwd);
  // An agent paired with an environment it cannot act in (SAC on CartPole) fails the whole sweep now.
  checkRunsFitTasks(expanded.runs);
  if (options.list) {
    const costs = shippedRunCosts();
    let total = 0;
    let unknown = 0;
    const listed: Record<string, unknown>[] = [];
    for (const run of expanded.runs) {
      const seconds = costs ? estimateRunSeconds(run.config, costs) : undefined;
      if (seconds === undefined) unknown += 1;
      else total += seconds;
      // With --json the runs go into the result event: stdout holds JSON lines only.
      if (output.mode.json) listed.push({ id: run.id, method: run.config.method, environment: run.config.environment.id, ...(seconds === undefined ? {} : { coreHours: seconds / 3600 }) });
      else output.print(`${run.id}\t${run.config.method}\t${run.config.environment.id}\t${seconds === undefined ? 'no estimate' : `~${formatHours(seconds)} core-h`}`);
    }
    const workers = Math.max(1, options.workers ?? expanded.sweep.workers ?? availableParallelism());
    const estimate = costs
      ? `; about ${formatHours(total)} core-hours${unknown > 0 ? ` for the ${expanded.runs.length - unknown} runs with an estimate` : ''} (about ${formatHours(total / workers)} h on ${workers} worker${workers === 1 ? '' : 's'}), measured on ${costs.machine}, ${costs.measuredAt}`
      : '';
    output.result(`${expanded.runs.length} runs in ${expanded.directory}${estimate}`, {
      runs: expanded.runs.length,
      directory: expanded.directory,
      ...(costs ? { coreHours: total / 3600, runsWithoutEstimate: unknown } : {}),
      list: listed,
    });
    return 0;
  }
  output.info(`${expanded.sweep.name}: ${expanded.runs.length} runs into ${expanded.directory}`);
  const stop = new StopSignal(output);
  const display = new ProgressDisplay(output);
  let results: SweepRunResult[];
  try {
    results = await runSweep(expanded, {
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.kernelThreads !== undefined ? { kernelThreads: options.kernelThreads } : {}),
      shouldStop: () => stop.requested,
      onEvent: (event) => {
        switch (event.type) {
          case 'progress':
            display.update(event.id, event.id, event.progress);
            break;
          case 'log':
            display.log(`${event.id}: ${event.message}`);
            break;
          case 'end':
            display.finish(event.result.id);
            if (event.result.status === 'failed') display.log(`${event.result.id}: failed: ${event.result.error}`);
            else if (event.result.status === 'complete') display.log(`${event.result.id}: complete`);
            output.event('run', { ...event.result });
            break;
          case 'start':
            break;
        }
      },
    });
  } finally {
    display.stop();
    stop.dispose();
  }
  const count = (status: SweepRunResult['status']): number => results.filter((r) => r.status === status).length;
  output.result(
    `${expanded.sweep.name}: ${count('complete')} complete, ${count('skipped')} already done, ${count('interrupted')} interrupted, ${count('failed')} failed`,
    { directory: expanded.directory, results },
  );
  if (stop.requested) {
    output.info(`stopped: run the same command again to resume`);
    return 0;
  }
  if (options.report !== false && count('complete') + count('skipped') > 0) await reportCommand(expanded.directory, {}, output, expanded.sweep);
  return count('failed') > 0 ? 1 : 0;
}

function formatHours(seconds: number): string {
  const hours = seconds / 3600;
  return hours >= 10 ? hours.toFixed(0) : hours >= 1 ? hours.toFixed(1) : hours.toFixed(2);
}

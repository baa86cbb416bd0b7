import { resolve } from 'node:path';
import { ConfigError } from '@prunerl/core';
import {
  cancelSweep,
  checkStore,
  enqueueSweep,
  followSweep,
  parseRedisUrl,
  prunerlVersion,
  readSweepStatus,
  RunQueue,
  type FollowSweepResult,
} from '@prunerl/distributed';
import { checkRunsFitTasks, loadPlugins, loadSweep, readSweepFile, writeSweepSummary, type ExpandedSweep, type SweepRunResult } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';
import { ProgressDisplay } from '../output/progress-display';
import { StopSignal } from '../output/stop-signal';
import { formatSweepStatus, summariseSweepStatus } from '../output/sweep-status-table';
import { reportCommand } from './report-command';

/** Options of `prunerl sweep --queue`. */
export interface QueueSweepOptions {
  /** `redis://host:port[/db]`. */
  readonly queue: string;
  /** The store every worker reaches (required to enqueue). */
  readonly store?: string;
  /** After enqueuing, follow the runs until every one is settled, then write the report. */
  readonly wait?: boolean;
  /** Print where each run stands instead of enqueuing. */
  readonly status?: boolean;
  /** Take the sweep (every sweep without a file) off the queue. */
  readonly cancel?: boolean;
  /** Put the sweep's failed runs back in the queue. */
  readonly retryFailed?: boolean;
  readonly frames?: number;
  readonly seeds?: readonly number[];
  /** Write the report at the end of `--wait` (default true). */
  readonly report?: boolean;
}

/**
 * `prunerl sweep <sweep> --queue <url> --store <dir>`: enqueues one job per run (nothing twice),
 * prints the count and, with `--wait`, follows the runs until they are settled, then writes the
 * sweep summary and the report. `--status` prints where each run stands, `--cancel` takes the
 * sweep off the queue. Every check (URL, sweep file, store, Redis, version) comes before anything
 * is enqueued; each failure is a `ConfigError` (exit 2).
 */
export async function queueSweepCommand(path: string | undefined, options: QueueSweepOptions, output: CliOutput): Promise<number> {
  const location = parseRedisUrl(options.queue);
  if (options.status && options.cancel) throw new ConfigError({ field: '--cancel', value: true, expected: 'either --status or --cancel, not both' });
  if ((options.status || options.cancel) && options.wait) throw new ConfigError({ field: '--wait', value: true, expected: 'no --wait with --status or --cancel' });

  if (options.cancel) {
    const sweep = path === undefined ? undefined : (await readSweepFile(path)).name;
    const queue = await RunQueue.open(location);
    try {
      output.info(`cancelling ${sweep ?? 'every sweep'} on ${location.display}: running runs checkpoint and stop ...`);
      const result = await cancelSweep(queue, sweep);
      output.result(
        `cancelled ${result.sweeps.join(', ') || '(no sweep in the queue)'}: ${result.removed} runs taken off the queue; run directories kept (enqueue the sweep again to resume)` +
          (result.stillActive.length > 0 ? `; still stopping: ${result.stillActive.join(', ')}` : ''),
        { sweeps: result.sweeps, removed: result.removed, stillActive: result.stillActive },
      );
      return result.stillActive.length > 0 ? 1 : 0;
    } finally {
      await queue.close();
    }
  }

  const overrides = {
    ...(options.frames !== undefined ? { frames: options.frames } : {}),
    ...(options.seeds !== undefined ? { seeds: options.seeds } : {}),
    cwd: output.io.cwd,
  };
  if (options.status) {
    const expanded = path === undefined ? undefined : await loadSweep(path, overrides);
    const queue = await RunQueue.open(location);
    try {
      const rows = await readSweepStatus(queue, expanded ? { ids: jobIdsOf(expanded) } : {});
      if (output.mode.json) output.result('', { queue: location.display, runs: rows });
      else for (const line of rows.length > 0 ? formatSweepStatus(rows) : [`no runs in the queue on ${location.display}`]) output.print(line);
      return 0;
    } finally {
      await queue.close();
    }
  }

  if (path === undefined) throw new ConfigError({ field: 'sweep', value: undefined, expected: 'a sweep file or --preset <name> to enqueue (or --status / --cancel)' });
  if (options.store === undefined) {
    throw new ConfigError({ field: '--store', value: undefined, expected: 'the directory every worker reaches (a shared file system), where the runs are written' });
  }
  const store = resolve(output.io.cwd, options.store);
  const expanded = await loadSweep(path, { ...overrides, outputDir: store });
  // Plugins are loaded here too, so a missing one fails before anything is enqueued.
  await loadPlugins([...new Set(expanded.runs.flatMap((r) => r.config.plugins))], output.io.cwd);
  checkRunsFitTasks(expanded.runs);
  const queue = await RunQueue.open(location, (error) => output.warn(`redis: ${error.message}`));
  try {
    await checkStore(options.store, output.io.cwd);
    const result = await enqueueSweep(queue, expanded, { store, version: prunerlVersion(), ...(options.retryFailed ? { retryFailed: true } : {}) });
    output.result(
      `${expanded.sweep.name}: enqueued ${result.added} of ${result.runs} runs on ${location.display}` +
        `${result.present > 0 ? ` (${result.present} already in the queue${result.retried > 0 ? `, ${result.retried} failed ones queued again` : ''})` : ''}; runs go to ${expanded.directory}`,
      { sweep: expanded.sweep.name, queue: location.display, directory: expanded.directory, ...result },
    );
    if (result.failed.length > 0) output.warn(`${result.failed.length} runs of this sweep failed earlier (see --status); --retry-failed queues them again`);
    if (!options.wait) {
      output.info(`start workers with: prunerl worker --queue ${location.display} --store <the store on that machine>; follow with --status or --wait`);
      return 0;
    }
    return await waitForSweep(queue, expanded, options, output);
  } finally {
    await queue.close();
  }
}

/** The job ids of a sweep's runs: their directories relative to the store. */
function jobIdsOf(expanded: ExpandedSweep): string[] {
  return expanded.runs.map((run) => `${expanded.sweep.name}/${run.id}`);
}

async function waitForSweep(queue: RunQueue, expanded: ExpandedSweep, options: QueueSweepOptions, output: CliOutput): Promise<number> {
  const ids = jobIdsOf(expanded);
  const display = new ProgressDisplay(output);
  const stop = new StopSignal(output);
  const seen = new Map<string, string>();
  let lastSummary = '';
  let lastError = '';
  let followed: FollowSweepResult;
  try {
    followed = await followSweep(queue, ids, {
      shouldStop: () => stop.requested,
      onError: (error) => {
        if (error.message !== lastError) output.warn(`cannot read the queue (${error.message}); retrying`);
        lastError = error.message;
      },
      onUpdate: (current) => {
        lastError = '';
        for (const row of current) {
          if (row.state === 'active' && row.progress) display.update(row.id, row.id, row.progress);
          const state = `${row.state}${row.state === 'queued' ? row.attempts : ''}`;
          if (seen.get(row.id) === state) continue;
          seen.set(row.id, state);
          if (row.state === 'complete' || row.state === 'failed' || row.state === 'missing') display.finish(row.id);
          if (row.state === 'complete') display.log(`${row.id}: complete (${row.worker ?? 'a worker'}${row.result?.resumedFrom !== undefined ? `, resumed from checkpoint ${row.result.resumedFrom}` : ''})`);
          else if (row.state === 'failed') display.log(`${row.id}: failed: ${row.error ?? ''}`);
          else if (row.state === 'missing') display.log(`${row.id}: not in the queue any more (cancelled?)`);
          else if (row.state === 'queued' && row.attempts > 0) display.log(`${row.id}: will retry (${row.error ?? ''})`);
          output.event('run', { id: row.id, state: row.state, worker: row.worker, ...(row.error !== undefined ? { error: row.error } : {}) });
        }
        const summary = summariseSweepStatus(current).join('; ');
        if (summary !== lastSummary && !output.interactive) output.info(summary);
        lastSummary = summary;
      },
    });
  } finally {
    display.stop();
    stop.dispose();
  }
  const rows = followed.rows;
  if (!followed.settled) {
    output.info('stopped following; the runs go on in the workers: run the same command again to follow them');
    return 0;
  }
  const results: SweepRunResult[] = rows.map((row, i) => ({
    id: expanded.runs[i]!.id,
    directory: expanded.runs[i]!.directory,
    status: row.state === 'complete' ? 'complete' : row.state === 'failed' ? 'failed' : 'interrupted',
    ...(row.state === 'failed' ? { error: row.error ?? 'failed' } : row.state === 'missing' ? { error: 'not in the queue (cancelled)' } : {}),
  }));
  await writeSweepSummary(expanded, results);
  const count = (state: string): number => rows.filter((row) => row.state === state).length;
  output.result(`${expanded.sweep.name}: ${count('complete')} complete, ${count('failed')} failed, ${count('missing')} not in the queue`, { directory: expanded.directory, results });
  if (options.report !== false && count('complete') > 0) await reportCommand(expanded.directory, {}, output, expanded.sweep);
  return count('complete') === rows.length ? 0 : 1;
}

import { resolve } from 'node:path';
import { archiveRuns } from '@prunerl/runner';
import type { CliOutput } from '../output/cli-io';

/** Options of `prunerl archive`. */
export interface ArchiveCommandOptions {
  readonly keepEpisodes?: boolean;
}

/**
 * Writes `metrics.jsonl.gz` (per-iteration records, compressed) for every complete run under
 * `runsDir` (`@prunerl/runner`'s `archiveRuns`) and prints what it did, so that a study can commit
 * `meta.json`, `config.json` and `metrics.jsonl.gz` of each run and nothing larger.
 */
export async function archiveCommand(runsDir: string, options: ArchiveCommandOptions, output: CliOutput): Promise<number> {
  const directory = resolve(output.io.cwd, runsDir);
  const results = await archiveRuns(directory, { keepEpisodes: options.keepEpisodes === true });
  for (const run of results) {
    if (run.outcome === 'archived' && run.bytes !== undefined) output.info(`archived ${run.id}: ${run.records} records, ${(run.bytes / 1024).toFixed(1)} KiB`);
    else output.info(`${run.outcome === 'incomplete' ? 'not complete' : run.outcome === 'no-metrics' ? 'no metrics' : 'archived earlier'}: ${run.id}`);
  }
  const archived = results.filter((r) => r.outcome === 'archived').length;
  output.result(`archived ${archived} of ${results.length} runs under ${directory}`, { directory, archived, runs: results });
  return 0;
}

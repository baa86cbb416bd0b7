import { resolve } from 'node:path';
import { buildReport } from '@prunerl/evaluation/node';
import type { CliOutput } from '../output/cli-io';

/** Options of `prunerl report`. */
export interface ReportCommandOptions {
  /** Output file. Default `<runsDir>/report.html`. */
  readonly out?: string;
  /** Metric to score runs by. Default `return`. */
  readonly metric?: string;
  /** Bootstrap replicates. Default 2,000. */
  readonly reps?: number;
  readonly title?: string;
}

/**
 * Writes the HTML report of every run under `runsDir` (`@prunerl/evaluation`'s `buildReport`) and
 * prints its path.
 */
export async function reportCommand(runsDir: string, options: ReportCommandOptions, output: CliOutput): Promise<number> {
  const directory = resolve(output.io.cwd, runsDir);
  output.info(`building the report of ${directory} ...`);
  const result = await buildReport(directory, {
    ...(options.out !== undefined ? { out: resolve(output.io.cwd, options.out) } : {}),
    ...(options.metric !== undefined ? { scoreMetric: options.metric } : {}),
    ...(options.reps !== undefined ? { bootstrap: { reps: options.reps } } : {}),
    ...(options.title !== undefined ? { title: options.title } : {}),
  });
  output.result(`report: ${result.path} (${result.runs} runs)`, { path: result.path, runs: result.runs, bytes: result.bytes });
  return 0;
}

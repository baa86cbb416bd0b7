/**
 * @prunerl/evaluation/node: the file-system side of the report. Reads run directories
 * (`meta.json`, `config.json`, `metrics.jsonl`), writes them, and builds the HTML report of a
 * directory of runs.
 */
export { buildReport } from './build-report';
export type { BuildReportOptions, BuildReportResult } from './build-report';
export { JsonlMetricSink } from './jsonl-metric-sink';
export { readRunDirectory, readRuns, RUN_FILES } from './read-runs';
export { writeRunDirectory } from './write-run-directory';
export type { RunDirectoryContents } from './write-run-directory';

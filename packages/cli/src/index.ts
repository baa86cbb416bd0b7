/**
 * @prunerl/cli: the `prunerl` command (train, resume, sweep, compare, report, dataset, envs, config, bench)
 * as a library, so it can be run in-process (`runCli(['train', 'exp.yaml'])`) or extended.
 */
export { benchCommand, benchScripts, findBenchDirectory } from './commands/bench-command';
export type { BenchCommandOptions } from './commands/bench-command';
export { configCommand } from './commands/config-command';
export type { ConfigCommandOptions } from './commands/config-command';
export { datasetInfoCommand, datasetSampleCommand } from './commands/dataset-command';
export type { DatasetCommandOptions, DatasetSampleOptions } from './commands/dataset-command';
export { describeSpace, envsCommand } from './commands/envs-command';
export { DEFAULT_POLICY_FILE, exportCommand } from './commands/export-command';
export { loadExperiment } from './commands/load-experiment';
export type { ConfigOverrides } from './commands/load-experiment';
export { reportCommand } from './commands/report-command';
export type { ReportCommandOptions } from './commands/report-command';
export { resumeCommand } from './commands/resume-command';
export { sweepCommand } from './commands/sweep-command';
export type { SweepCommandOptions } from './commands/sweep-command';
export { describeResult, trainCommand, trainSeeds } from './commands/train-command';
export type { TrainCommandOptions } from './commands/train-command';
export { CliOutput, processIo } from './output/cli-io';
export type { CliIo, OutputMode } from './output/cli-io';
export { formatCount, formatDuration } from './output/format-duration';
export { describeProgress, ProgressDisplay } from './output/progress-display';
export { StopSignal } from './output/stop-signal';
export { createProgram } from './program/create-program';
export { EXIT_CODES, runCli } from './program/run-cli';

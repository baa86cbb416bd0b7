/**
 * @prunerl/runner: the composition root. Validated experiment configs (YAML or JSON), the parts of
 * a run built by registry names or through the inversify container, Dopamine's iteration protocol
 * with JSONL/CSV logs, atomic checksummed checkpoints and exact resume, and sweeps run in parallel
 * worker processes. Node only (it reads and writes files); `@prunerl/runner/browser` is the part that
 * runs in browsers too.
 */
export { ARCHIVED_METRICS_FILE, archiveRuns } from './archive/archive-runs';
export type { ArchivedRun, ArchiveOptions } from './archive/archive-runs';
export { syncDirectory, writeFileAtomically, writeFileDurably } from './checkpoint/atomic-file';
export type { WrittenFile } from './checkpoint/atomic-file';
export { CHECKPOINT_MARKER, CheckpointStore } from './checkpoint/checkpoint-store';
export type { CheckpointStoreOptions, RejectedCheckpoint } from './checkpoint/checkpoint-store';
export type { CheckpointFile, CheckpointHandle, CheckpointMarker } from './checkpoint/checkpoint-types';
export type { LoopCheckpoints, LoopLogFile } from './experiment/loop-storage';
export { decodeState, encodeState, STATE_CODEC_MAGIC, STATE_CODEC_VERSION } from './checkpoint/state-codec';

export { getPath, parsePath, setPath } from './config/config-path';
export { experimentConfigSchema } from './config/experiment-config-schema';
export type { ExperimentConfig, ExperimentConfigInput } from './config/experiment-config-schema';
export { parseConfigText, parseOverride, readConfigFile, stringifyConfig } from './config/load-config-file';
export { parseExperimentConfig } from './config/parse-config';
export { defaultPresetFor, plannedUpdatesOf, resolveExperimentConfig } from './config/resolve-config';
export type { ResolvedExperimentConfig } from './config/resolve-config';
export { configErrorFrom, describeIssues, formatPath } from './config/schema-issues';
export type { ConfigProblem } from './config/schema-issues';

export { checkAgentFitsTask, checkRunsFitTasks } from './composition/agent-fits-task';
export { buildExperiment } from './composition/build-experiment';
export { composeExperiment } from './composition/compose-experiment';
export { composeParts } from './composition/compose-parts';
export type { ComposedParts, HookParts, PartMaker } from './composition/compose-parts';
export { containerPartMaker } from './composition/container-part-maker';
export { environmentPlan, planParts } from './composition/part-plan';
export type { PartPlan, PartPlans } from './composition/part-plan';
export { registerBuiltins } from './composition/register-builtins';
export { registryPartMaker } from './composition/registry-part-maker';
export type { RunContext } from './composition/registry-part-maker';
export { taskOf } from './composition/task-spec';
export type { TaskSpec } from './composition/task-spec';

export { observationDigest, readPersistentState, replayEpisode, writePersistentState } from './experiment/episode-environment';
export type { EpisodeReplay } from './experiment/episode-environment';
export { EPISODE_METRICS, ExperimentLoop } from './experiment/experiment-loop';
export type { ExperimentLoopOptions, ExperimentOutcome, ExperimentProgress, IterationSummary } from './experiment/experiment-loop';
export { isPruner } from './experiment/experiment-parts';
export { CHECKPOINT_FILES, decodeLoopState, encodeLoopState } from './experiment/loop-state';
export type { IterationStats, LoopState, LoopStateFields } from './experiment/loop-state';
export type { ExperimentParts } from './experiment/experiment-parts';

export { AppendLogFile } from './logging/append-log-file';
export { CSV_METRIC_COLUMNS, CsvMetricSink } from './logging/csv-metric-sink';
export { JsonlMetricSink } from './logging/jsonl-metric-sink';

export { loadPlugins, PLUGIN_REGISTRIES, resolvePlugin } from './plugins/load-plugins';
export type { PluginModule } from './plugins/load-plugins';

export { PRESET_AGENT_KINDS, validatePreset } from './presets/agent-preset';
export type { AgentPreset, NetworkPreset, PresetAgentKind, PresetAgentOptions, ReplayPreset } from './presets/agent-preset';
export { agentPreset, hasAgentPreset, PRESET_AGENTS, PRESET_NAMES } from './presets/agent-presets';
export type { PresetName } from './presets/agent-presets';
export {
  ATARI_DER_PRESET,
  ATARI_DQN_PRESET,
  ATARI_DRQ_EPS_PRESET,
  ATARI_IQN_PRESET,
  ATARI_M_IQN_PRESET,
  ATARI_PRESETS,
  ATARI_RAINBOW_PRESET,
  atariPreset,
} from './presets/atari-preset';
export { CLASSIC_DQN_PRESET, CLASSIC_IQN_PRESET, CLASSIC_M_IQN_PRESET, CLASSIC_PRESETS, CLASSIC_RAINBOW_PRESET, classicPreset } from './presets/classic-preset';
export {
  MINATAR_DER_PRESET,
  MINATAR_DQN_PRESET,
  MINATAR_DRQ_EPS_PRESET,
  MINATAR_IQN_PRESET,
  MINATAR_M_IQN_PRESET,
  MINATAR_PRESETS,
  MINATAR_RAINBOW_PRESET,
  minatarPreset,
} from './presets/minatar-preset';
export type { PresetFamily } from './presets/preset-family';

export { exportRunPolicy } from './policy/export-run-policy';
export type { ExportedRunPolicy } from './policy/export-run-policy';

export { readRunMetadata, RUN_FILES } from './run/run-directory';
export type { RunMetadata, RunStatus } from './run/run-directory';
export { readRunConfig, runDirectoryOf, trainRun } from './run/train-run';
export type { RunMode, TrainRunOptions, TrainRunResult } from './run/train-run';

export { expandSweep, loadSweep, readSweepFile, valueLabel } from './sweep/expand-sweep';
export type { ExpandedSweep, SweepOverrides, SweepRun } from './sweep/expand-sweep';
export { startRunProcess } from './sweep/run-process';
export type { RunFailureKind, RunProcess, RunProcessOptions, RunProcessOutcome } from './sweep/run-process';
export { runSweep, SWEEP_FILE, writeSweepSummary } from './sweep/run-sweep';
export type { RunSweepOptions, SweepEvent, SweepRunResult } from './sweep/run-sweep';
export { workerLaunch } from './sweep/worker-launch';
export { sweepConfigSchema } from './sweep/sweep-config-schema';
export type { SweepClaim, SweepConfig, SweepConfigInput } from './sweep/sweep-config-schema';
export type { SweepJobMessage, SweepWorkerMessage } from './sweep/sweep-messages';
export { listSweepPresets, sweepPresetPath, sweepPresetsDirectory } from './sweep/sweep-presets';
export { estimateRunSeconds, shippedRunCosts } from './sweep/run-cost';
export type { RunCostEntry, RunCostTable } from './sweep/run-cost';
export { iterationDiagnostics } from './experiment/iteration-diagnostics';
export type { IterationDiagnosticsOptions } from './experiment/iteration-diagnostics';

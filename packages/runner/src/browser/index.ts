/**
 * @prunerl/runner/browser: the part of the composition root that runs anywhere, browsers and web
 * workers included (no Node built-ins, no files): validated experiment configs and the agent
 * presets, composing a run's parts from a config ({@link composeExperiment}), and Dopamine's
 * iteration loop ({@link ExperimentLoop}) without checkpoints or log files. Run directories,
 * checkpoints, sweeps and plugins loaded from paths stay in the Node entry, `@prunerl/runner`.
 */
export { getPath, parsePath, setPath } from '../config/config-path';
export { experimentConfigSchema } from '../config/experiment-config-schema';
export type { ExperimentConfig, ExperimentConfigInput } from '../config/experiment-config-schema';
export { parseExperimentConfig } from '../config/parse-config';
export { defaultPresetFor, plannedUpdatesOf, resolveExperimentConfig } from '../config/resolve-config';
export type { ResolvedExperimentConfig } from '../config/resolve-config';
export { configErrorFrom, describeIssues, formatPath } from '../config/schema-issues';
export type { ConfigProblem } from '../config/schema-issues';

export { composeExperiment } from '../composition/compose-experiment';
export { composeParts } from '../composition/compose-parts';
export type { ComposedParts, HookParts, PartMaker } from '../composition/compose-parts';
export { registerBuiltins } from '../composition/register-builtins';
export { taskOf } from '../composition/task-spec';
export type { TaskSpec } from '../composition/task-spec';

export { EPISODE_METRICS, ExperimentLoop } from '../experiment/experiment-loop';
export type { ExperimentLoopOptions, ExperimentOutcome, ExperimentProgress, IterationSummary } from '../experiment/experiment-loop';
export { isPruner } from '../experiment/experiment-parts';
export type { ExperimentParts } from '../experiment/experiment-parts';
export { iterationDiagnostics } from '../experiment/iteration-diagnostics';

export { PRESET_AGENT_KINDS } from '../presets/agent-preset';
export type { AgentPreset, NetworkPreset, PresetAgentKind, PresetAgentOptions, ReplayPreset } from '../presets/agent-preset';
export { agentPreset, hasAgentPreset, PRESET_AGENTS, PRESET_NAMES } from '../presets/agent-presets';
export type { PresetName } from '../presets/agent-presets';
export { CLASSIC_PRESETS } from '../presets/classic-preset';
export { MINATAR_PRESETS } from '../presets/minatar-preset';

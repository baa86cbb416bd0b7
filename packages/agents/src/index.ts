/**
 * @prunerl/agents: value-based agents (DQN, Double DQN, Dopamine's compact and full Rainbow), the
 * optimisers they train with (Adam, centered RMSProp), and hyperparameter presets. Agents know
 * networks, replay buffers and pruners only through @prunerl/core's contracts; pruning attaches as an
 * `UpdateHook`.
 */
export { plannedUpdates } from './agent/planned-updates';
export type { UpdateBudget } from './agent/planned-updates';
export { ValueAgent } from './agent/value-agent';
export type { BatchTensors, ValueAgentSpec } from './agent/value-agent';
export { resolveValueAgentOptions, VALUE_AGENT_DEFAULTS } from './agent/value-agent-options';
export type { EpsilonSchedule, ResolvedValueAgentOptions, ValueAgentComponents, ValueAgentOptions } from './agent/value-agent-options';
export { projectDistribution } from './distributional/project-distribution';
export { DQNAgent } from './dqn/dqn-agent';
export type { DQNAgentInput, DQNOptions } from './dqn/dqn-agent';
export { linearlyDecayingEpsilon } from './exploration/linearly-decaying-epsilon';
export { tdLoss } from './losses/td-loss';
export type { TdLossKind } from './losses/td-loss';
export { AdamOptimizer } from './optimizers/adam-optimizer';
export type { AdamOptions } from './optimizers/adam-optimizer';
export { createOptimizer, OPTIMIZER_KINDS } from './optimizers/create-optimizer';
export type { OptimizerConfig } from './optimizers/create-optimizer';
export { RMSPropOptimizer } from './optimizers/rmsprop-optimizer';
export type { RMSPropOptions } from './optimizers/rmsprop-optimizer';
export { SlotOptimizer } from './optimizers/slot-optimizer';
export type { SlotVariables } from './optimizers/slot-optimizer';
export { validatePreset } from './presets/agent-preset';
export type { AgentPreset, NetworkPreset, PresetAgentKind, ReplayPreset } from './presets/agent-preset';
export { agentPreset, PRESET_NAMES } from './presets/agent-presets';
export type { PresetName } from './presets/agent-presets';
export { ATARI_DQN_PRESET, ATARI_RAINBOW_PRESET, atariPreset } from './presets/atari-preset';
export { CLASSIC_DQN_PRESET, CLASSIC_RAINBOW_PRESET, classicPreset } from './presets/classic-preset';
export { MINATAR_DQN_PRESET, MINATAR_RAINBOW_PRESET, minatarPreset } from './presets/minatar-preset';
export { RainbowAgent } from './rainbow/rainbow-agent';
export type { RainbowAgentInput, RainbowOptions } from './rainbow/rainbow-agent';
export { AGENT_REGISTRATIONS, OPTIMIZER_REGISTRATIONS, registerAgents } from './registry/register-agents';

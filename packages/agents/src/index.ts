/**
 * @prunerl/agents: value-based agents (DQN, Double DQN, Dopamine's compact and full Rainbow, IQN,
 * Munchausen IQN, and DER and DrQ(epsilon) over them), DrQ's image augmentation, the optimisers they
 * train with (Adam, centered RMSProp), and hyperparameter presets. Agents know networks, replay
 * buffers and pruners only through @prunerl/core's contracts; pruning attaches as an `UpdateHook`.
 */
export { plannedUpdates } from './agent/planned-updates';
export type { UpdateBudget } from './agent/planned-updates';
export { ValueAgent } from './agent/value-agent';
export type { BatchTensors, ValueAgentSpec } from './agent/value-agent';
export { resolveValueAgentOptions, VALUE_AGENT_DEFAULTS } from './agent/value-agent-options';
export type { EpsilonSchedule, ResolvedValueAgentOptions, ValueAgentComponents, ValueAgentOptions } from './agent/value-agent-options';
export { DrQAugmentation } from './augmentation/drq-augmentation';
export type { CropRange, DrQAugmentationOptions } from './augmentation/drq-augmentation';
export { resolveAugmentation } from './augmentation/resolve-augmentation';
export { createDERAgent, DER_AGENT_OPTIONS } from './data-efficient/der-agent';
export { createDrQEpsilonAgent, DRQ_EPSILON_AGENT_OPTIONS } from './data-efficient/drq-epsilon-agent';
export { projectDistribution } from './distributional/project-distribution';
export { DQNAgent } from './dqn/dqn-agent';
export type { DQNAgentInput, DQNOptions } from './dqn/dqn-agent';
export { linearlyDecayingEpsilon } from './exploration/linearly-decaying-epsilon';
export { ImplicitQuantileAgent, resolveImplicitQuantileOptions } from './iqn/implicit-quantile-agent';
export type { ImplicitQuantileOptions, ResolvedImplicitQuantileOptions } from './iqn/implicit-quantile-agent';
export { IQNAgent } from './iqn/iqn-agent';
export type { IQNAgentInput, IQNOptions } from './iqn/iqn-agent';
export { elementwiseTdLoss, selectActionValues } from './losses/loss-kernels';
export { quantileHuberLoss } from './losses/quantile-huber-loss';
export { tdLoss } from './losses/td-loss';
export type { TdLossKind } from './losses/td-loss';
export { MunchausenIQNAgent, resolveMunchausenOptions } from './munchausen/munchausen-iqn-agent';
export type { MunchausenIQNAgentInput, MunchausenIQNOptions } from './munchausen/munchausen-iqn-agent';
export { munchausenQuantileTargets } from './munchausen/munchausen-quantile-targets';
export type { MunchausenQuantileInputs } from './munchausen/munchausen-quantile-targets';
export { scaledLogSoftmax } from './munchausen/scaled-log-softmax';
export { temperatureSoftmax } from './munchausen/temperature-softmax';
export { AdamOptimizer } from './optimizers/adam-optimizer';
export type { AdamOptions } from './optimizers/adam-optimizer';
export { createOptimizer, OPTIMIZER_KINDS } from './optimizers/create-optimizer';
export type { OptimizerConfig } from './optimizers/create-optimizer';
export { RMSPropOptimizer } from './optimizers/rmsprop-optimizer';
export type { RMSPropOptions } from './optimizers/rmsprop-optimizer';
export { SlotOptimizer } from './optimizers/slot-optimizer';
export type { SlotVariables } from './optimizers/slot-optimizer';
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
  ATARI_RAINBOW_PRESET,
  atariPreset,
} from './presets/atari-preset';
export { CLASSIC_DQN_PRESET, CLASSIC_IQN_PRESET, CLASSIC_M_IQN_PRESET, CLASSIC_RAINBOW_PRESET, classicPreset } from './presets/classic-preset';
export {
  MINATAR_DER_PRESET,
  MINATAR_DQN_PRESET,
  MINATAR_DRQ_EPS_PRESET,
  MINATAR_IQN_PRESET,
  MINATAR_M_IQN_PRESET,
  MINATAR_RAINBOW_PRESET,
  minatarPreset,
} from './presets/minatar-preset';
export { RainbowAgent } from './rainbow/rainbow-agent';
export type { RainbowAgentInput, RainbowOptions } from './rainbow/rainbow-agent';
export { AGENT_REGISTRATIONS, OPTIMIZER_REGISTRATIONS, registerAgents } from './registry/register-agents';

/**
 * @prunerl/agents: value-based agents (DQN, Double DQN, Dopamine's compact and full Rainbow, IQN,
 * Munchausen IQN, and DER and DrQ(epsilon) over them; the offline CQL and CQL+C51), Soft Actor-Critic for continuous
 * actions, DrQ's image augmentation, the optimisers they
 * train with (Adam, centered RMSProp), and one descriptor per agent (name, option keys, heads,
 * factory) that registration and the runner's presets derive from. Agents know networks, replay
 * buffers and pruners only through @prunerl/core's contracts; pruning attaches as an `UpdateHook`.
 */
export { plannedUpdates } from './agent/planned-updates';
export type { UpdateBudget } from './agent/planned-updates';
export { ValueAgent } from './agent/value-agent';
export type { BatchTensors, ValueAgentSpec } from './agent/value-agent';
export { VALUE_AGENT_STATE_VERSION } from './agent/value-agent-state';
export { resolveValueAgentOptions, VALUE_AGENT_DEFAULTS } from './agent/value-agent-options';
export type { EpsilonSchedule, ResolvedValueAgentOptions, ValueAgentComponents, ValueAgentOptions } from './agent/value-agent-options';
export { DrQAugmentation } from './augmentation/drq-augmentation';
export type { CropRange, DrQAugmentationOptions } from './augmentation/drq-augmentation';
export { resolveAugmentation } from './augmentation/resolve-augmentation';
export { CQLC51Agent, resolveCQLC51Options } from './cql/cql-c51-agent';
export type { CQLC51AgentInput, CQLC51Options } from './cql/cql-c51-agent';
export { CQL_C51_DESCRIPTOR } from './cql/cql-c51-descriptor';
export { CQLAgent, resolveCQLOptions } from './cql/cql-agent';
export type { CQLAgentInput, CQLOptions, ResolvedCQLOptions } from './cql/cql-agent';
export { CQL_DESCRIPTOR } from './cql/cql-descriptor';
export type { CQLCoefficients } from './cql/cql-options';
export { cqlTerm } from './cql/cql-term';
export { createDERAgent, DER_AGENT_OPTIONS } from './data-efficient/der-agent';
export { DER_DESCRIPTOR } from './data-efficient/der-descriptor';
export { createDrQEpsilonAgent, DRQ_EPSILON_AGENT_OPTIONS } from './data-efficient/drq-epsilon-agent';
export { DRQ_EPSILON_DESCRIPTOR } from './data-efficient/drq-epsilon-descriptor';
export { c51CrossEntropy, c51Targets, expectedValues } from './distributional/c51-targets';
export type { C51Support } from './distributional/c51-targets';
export { projectDistribution } from './distributional/project-distribution';
export { DQNAgent, resolveDQNOptions } from './dqn/dqn-agent';
export { DQN_DESCRIPTOR } from './dqn/dqn-descriptor';
export type { DQNAgentInput, DQNOptions } from './dqn/dqn-agent';
export { linearlyDecayingEpsilon } from './exploration/linearly-decaying-epsilon';
export { ImplicitQuantileAgent, resolveImplicitQuantileOptions } from './iqn/implicit-quantile-agent';
export type { ImplicitQuantileOptions, ResolvedImplicitQuantileOptions } from './iqn/implicit-quantile-agent';
export { IQNAgent } from './iqn/iqn-agent';
export { IQN_DESCRIPTOR } from './iqn/iqn-descriptor';
export type { IQNAgentInput, IQNOptions } from './iqn/iqn-agent';
export { elementwiseTdLoss, selectActionValues } from './losses/loss-kernels';
export { quantileHuberLoss } from './losses/quantile-huber-loss';
export { tdLoss } from './losses/td-loss';
export type { TdLossKind } from './losses/td-loss';
export { MunchausenIQNAgent, resolveMunchausenOptions } from './munchausen/munchausen-iqn-agent';
export { MUNCHAUSEN_IQN_DESCRIPTOR } from './munchausen/munchausen-iqn-descriptor';
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
export { RainbowAgent } from './rainbow/rainbow-agent';
export { RAINBOW_DESCRIPTOR } from './rainbow/rainbow-descriptor';
export { SACAgent } from './sac/sac-agent';
export { actorLoss, softTdTargets, temperatureLoss, twinCriticLoss } from './sac/sac-losses';
export { SAC_DESCRIPTOR } from './sac/sac-descriptor';
export { PPO_DESCRIPTOR } from './ppo/ppo-descriptor';
export { resolveSACOptions, SAC_OPTION_KEYS } from './sac/sac-options';
export type { ResolvedSACOptions, SACComponents, SACOptions } from './sac/sac-options';
export { LOG_STD_MAX, LOG_STD_MIN, splitPolicyOutput, squashedGaussian } from './sac/squashed-gaussian';
export type { SquashedSample } from './sac/squashed-gaussian';
export type { RainbowAgentInput, RainbowOptions } from './rainbow/rainbow-agent';
export { actionKindOf, actionKindsOf, agentRegistration, checkAgentOptions } from './registry/agent-descriptor';
export type { ActionKind, AgentDescriptor, AgentUpdateSchedule } from './registry/agent-descriptor';
export { AGENT_DESCRIPTORS, AGENT_NAMES, agentDescriptor } from './registry/agent-descriptors';
export type { AgentName, AgentOptionsOf, BuiltinAgentDescriptor } from './registry/agent-descriptors';
export { AGENT_REGISTRATIONS, OPTIMIZER_REGISTRATIONS, registerAgents } from './registry/register-agents';
export { PPOAgent } from './ppo/ppo-agent';
export {
  categoricalEntropy,
  categoricalLogProb,
  clippedPolicyLoss,
  diagonalGaussianEntropy,
  diagonalGaussianLogProb,
  generalizedAdvantages,
  valueLoss,
} from './ppo/ppo-losses';
export type { AdvantageInput } from './ppo/ppo-losses';
export { plannedPPOUpdates, PPO_OPTION_KEYS, resolvePPOOptions } from './ppo/ppo-options';
export type { PPOComponents, PPOOptions, ResolvedPPOOptions } from './ppo/ppo-options';

import {
  AGENT_NAMES,
  agentDescriptor,
  checkAgentOptions,
  createOptimizer,
  resolveAugmentation,
  type AgentName,
  type AgentOptionsOf,
  type DrQAugmentationOptions,
  type OptimizerConfig,
} from '@prunerl/agents';
import { checkBoolean, checkFraction, checkKnownKeys, checkNumber, checkOneOf, checkPositiveInteger, ConfigError } from '@prunerl/core';

/** Registry names of the agents a preset can configure: every agent of `@prunerl/agents`. */
export type PresetAgentKind = AgentName;

/** Every {@link PresetAgentKind}, in `AGENT_DESCRIPTORS`' order. */
export const PRESET_AGENT_KINDS: readonly PresetAgentKind[] = AGENT_NAMES;

/**
 * The agent options of a preset for agent `K`: the agent's own options (read off its descriptor),
 * plus a DrQ augmentation as plain options (any value agent takes one; DrQ(epsilon) presets set it).
 */
export type PresetAgentOptions<K extends PresetAgentKind> = AgentOptionsOf<K> & { readonly augmentation?: DrQAugmentationOptions };

/** The replay buffer a preset asks for (the runner builds it with `@prunerl/replay`). */
export interface ReplayPreset {
  /** `uniform` or `prioritized` (online), or `fixed` (offline agents: a logged dataset, sampled uniformly). */
  readonly kind: 'uniform' | 'prioritized' | 'fixed';
  /** Transitions kept (for `fixed`: the most a dataset selection may hold, Dopamine's fixed `replay_capacity`). */
  readonly capacity: number;
  /** n of the n-step return (Dopamine's `update_horizon`). */
  readonly nStep: number;
  /** Discount factor. */
  readonly gamma: number;
}

/**
 * The network a preset asks for, in `@prunerl/networks`' option names (`createQNetwork`,
 * `QNetworkFactory`), so the runner can pass it on as is.
 */
export interface NetworkPreset {
  /** `impala`, `nature-cnn`, `minatar-cnn` or `mlp`. */
  readonly torso: 'impala' | 'nature-cnn' | 'minatar-cnn' | 'mlp';
  /** `q` or `dueling` (DQN, DrQ(epsilon), CQL), `c51` (Rainbow, DER, CQL+C51) or `quantile` (IQN, M-IQN). */
  readonly head: 'q' | 'dueling' | 'c51' | 'quantile';
  /** Width multiplier. */
  readonly width: number;
  /** Hidden sizes of an `mlp` torso. */
  readonly hiddenSizes?: readonly number[];
  /** C51 atoms and support bounds. */
  readonly numAtoms?: number;
  readonly vMin?: number;
  readonly vMax?: number;
  /** Dueling C51 head (full Rainbow, DER). */
  readonly dueling?: boolean;
  /** NoisyNet layers (full Rainbow, DER); the Rainbow agent then explores with noise only. */
  readonly noisy?: boolean;
  /** Cosine features of the tau embedding of a `quantile` head (IQN: 64). */
  readonly embeddingDim?: number;
}

/**
 * Everything that defines an agent's hyperparameters for one domain: the agent's own options, the
 * optimiser, the replay buffer and the network, as plain data. This is composition data (it names
 * a torso and a replay buffer), so it lives in the composition root, not in `@prunerl/agents`.
 * Presets are validated when built and frozen; spread them to change a value
 * (`{ ...preset.agentOptions, totalSteps }`).
 */
export interface AgentPreset<K extends PresetAgentKind = PresetAgentKind> {
  readonly name: string;
  readonly agent: K;
  readonly agentOptions: PresetAgentOptions<K>;
  readonly optimizer: OptimizerConfig;
  readonly replay: ReplayPreset;
  readonly network: NetworkPreset;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}

/**
 * Checks every field of a preset and returns it deeply frozen. The agent's options are checked
 * through its descriptor (`checkAgentOptions`: known names, shared and own values), the head against
 * the descriptor's `heads`, the optimiser by `createOptimizer`, and what ties the sections together
 * here (a C51 head's support, `noisy` on both sides, an augmentation's padding against the torso).
 * A bad value throws a `ConfigError` naming `<preset>.<section>.<field>`.
 */
export function validatePreset<K extends PresetAgentKind>(preset: AgentPreset<K>): AgentPreset<K> {
  const owner = `preset ${JSON.stringify(preset.name)}`;
  const agent = checkOneOf(`${owner}.agent`, preset.agent, PRESET_AGENT_KINDS);
  const descriptor = agentDescriptor(agent, `${owner}.agent`);
  const agentOptions = preset.agentOptions as PresetAgentOptions<K> & { readonly noisy?: boolean };
  checkAgentOptions(descriptor, `${owner}.agentOptions`, agentOptions);
  try {
    createOptimizer(preset.optimizer).dispose();
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError({ field: `${owner}.${error.field}`, value: error.value, expected: error.expected }, { cause: error });
    }
    throw error;
  }
  const replay = preset.replay;
  checkKnownKeys(`${owner}.replay`, replay, ['kind', 'capacity', 'nStep', 'gamma']);
  checkOneOf(`${owner}.replay.kind`, replay.kind, ['uniform', 'prioritized', 'fixed']);
  checkPositiveInteger(`${owner}.replay.capacity`, replay.capacity);
  checkPositiveInteger(`${owner}.replay.nStep`, replay.nStep);
  checkFraction(`${owner}.replay.gamma`, replay.gamma);
  const network = preset.network;
  checkKnownKeys(`${owner}.network`, network, ['torso', 'head', 'width', 'hiddenSizes', 'numAtoms', 'vMin', 'vMax', 'dueling', 'noisy', 'embeddingDim']);
  checkOneOf(`${owner}.network.torso`, network.torso, ['impala', 'nature-cnn', 'minatar-cnn', 'mlp']);
  checkOneOf(`${owner}.network.head`, network.head, descriptor.heads);
  if (network.embeddingDim !== undefined) {
    if (network.head !== 'quantile') {
      throw new ConfigError({ field: `${owner}.network.embeddingDim`, value: network.embeddingDim, expected: 'no embeddingDim unless head is "quantile"' });
    }
    checkPositiveInteger(`${owner}.network.embeddingDim`, network.embeddingDim);
  }
  if (agentOptions.augmentation !== undefined) {
    if (typeof (agentOptions.augmentation as { apply?: unknown }).apply === 'function') {
      throw new ConfigError({ field: `${owner}.agentOptions.augmentation`, value: agentOptions.augmentation, expected: 'plain DrQ augmentation options (presets are data)' });
    }
    // Image observations are what the torso is for: an `mlp` preset takes no padding.
    resolveAugmentation(`${owner}.agentOptions`, agentOptions.augmentation, network.torso === 'mlp' ? [1] : [1, 1, 1]);
  }
  checkNumber(`${owner}.network.width`, network.width, { min: 0, minExclusive: true });
  if (network.dueling !== undefined) checkBoolean(`${owner}.network.dueling`, network.dueling);
  if (network.noisy !== undefined) checkBoolean(`${owner}.network.noisy`, network.noisy);
  // NoisyNet layers belong to the network; an agent that takes `noisy` must agree with it.
  if (agentOptions.noisy !== undefined && agentOptions.noisy !== (network.noisy ?? false)) {
    throw new ConfigError({ field: `${owner}.agentOptions.noisy`, value: agentOptions.noisy, expected: `${network.noisy ?? false} (network.noisy)` });
  }
  if (network.head === 'c51') {
    checkPositiveInteger(`${owner}.network.numAtoms`, network.numAtoms);
    if (!(typeof network.vMax === 'number' && typeof network.vMin === 'number' && network.vMin < network.vMax)) {
      throw new ConfigError({ field: `${owner}.network.vMin`, value: [network.vMin, network.vMax], expected: 'vMin < vMax' });
    }
  }
  return deepFreeze(preset);
}

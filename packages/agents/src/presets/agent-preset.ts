import { checkBoolean, checkFraction, checkKnownKeys, checkNumber, checkOneOf, checkPositiveInteger, ConfigError } from '@prunerl/core';
import { resolveValueAgentOptions, VALUE_AGENT_OPTION_KEYS } from '../agent/value-agent-options';
import type { DrQAugmentationOptions } from '../augmentation/drq-augmentation';
import { resolveAugmentation } from '../augmentation/resolve-augmentation';
import type { DQNOptions } from '../dqn/dqn-agent';
import { IMPLICIT_QUANTILE_KEYS, resolveImplicitQuantileOptions } from '../iqn/implicit-quantile-agent';
import type { IQNOptions } from '../iqn/iqn-agent';
import { MUNCHAUSEN_KEYS, resolveMunchausenOptions, type MunchausenIQNOptions } from '../munchausen/munchausen-iqn-agent';
import { createOptimizer, type OptimizerConfig } from '../optimizers/create-optimizer';
import type { RainbowOptions } from '../rainbow/rainbow-agent';

/** Registry names of the agents a preset can configure. */
export type PresetAgentKind = 'dqn' | 'rainbow' | 'iqn' | 'm-iqn' | 'der' | 'drq-eps';

/** Every {@link PresetAgentKind}. */
export const PRESET_AGENT_KINDS: readonly PresetAgentKind[] = ['dqn', 'rainbow', 'iqn', 'm-iqn', 'der', 'drq-eps'];

/**
 * The agent options of a preset for agent `K`: the agent's own options, plus a DrQ augmentation as
 * plain options (any value agent takes one; DrQ(epsilon) presets set it).
 */
export type PresetAgentOptions<K extends PresetAgentKind> = (K extends 'dqn' | 'drq-eps'
  ? DQNOptions
  : K extends 'rainbow' | 'der'
    ? RainbowOptions
    : K extends 'iqn'
      ? IQNOptions
      : MunchausenIQNOptions) & { readonly augmentation?: DrQAugmentationOptions };

/** The network heads each agent works with. */
const HEADS: Record<PresetAgentKind, readonly NetworkPreset['head'][]> = {
  dqn: ['q', 'dueling'],
  'drq-eps': ['q', 'dueling'],
  rainbow: ['c51'],
  der: ['c51'],
  iqn: ['quantile'],
  'm-iqn': ['quantile'],
};

/** Each agent's own option names (on top of the shared value-agent ones and `augmentation`). */
const AGENT_KEYS: Record<PresetAgentKind, readonly string[]> = {
  dqn: ['loss', 'huberDelta', 'double'],
  'drq-eps': ['loss', 'huberDelta', 'double'],
  rainbow: ['double', 'noisy'],
  der: ['double', 'noisy'],
  iqn: [...IMPLICIT_QUANTILE_KEYS, 'double'],
  'm-iqn': [...IMPLICIT_QUANTILE_KEYS, ...MUNCHAUSEN_KEYS],
};

/** The replay buffer a preset asks for (the runner builds it with `@prunerl/replay`). */
export interface ReplayPreset {
  readonly kind: 'uniform' | 'prioritized';
  /** Transitions kept. */
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
  /** `q` or `dueling` (DQN, DrQ(epsilon)), `c51` (Rainbow, DER) or `quantile` (IQN, M-IQN). */
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
 * optimiser, the replay buffer and the network, as plain data. Presets are validated when built and
 * frozen; spread them to change a value (`{ ...preset.agentOptions, totalSteps }`).
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
 * Checks every field of a preset (the same validators the agent, optimiser and factories use), and
 * returns it deeply frozen. A bad value throws a `ConfigError` naming `<preset>.<section>.<field>`.
 */
export function validatePreset<K extends PresetAgentKind>(preset: AgentPreset<K>): AgentPreset<K> {
  const owner = `preset ${JSON.stringify(preset.name)}`;
  const agent = checkOneOf(`${owner}.agent`, preset.agent, PRESET_AGENT_KINDS);
  checkKnownKeys(`${owner}.agentOptions`, preset.agentOptions, [...VALUE_AGENT_OPTION_KEYS, ...AGENT_KEYS[agent], 'augmentation']);
  resolveValueAgentOptions(`${owner}.agentOptions`, preset.agentOptions);
  const agentOptions = preset.agentOptions as DQNOptions & IQNOptions & MunchausenIQNOptions & { augmentation?: DrQAugmentationOptions };
  if (agentOptions.loss !== undefined) checkOneOf(`${owner}.agentOptions.loss`, agentOptions.loss, ['mse', 'huber']);
  if (agentOptions.double !== undefined) checkBoolean(`${owner}.agentOptions.double`, agentOptions.double);
  if (agent === 'iqn' || agent === 'm-iqn') resolveImplicitQuantileOptions(`${owner}.agentOptions`, agentOptions);
  if (agent === 'm-iqn') resolveMunchausenOptions(`${owner}.agentOptions`, agentOptions);
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
  checkOneOf(`${owner}.replay.kind`, replay.kind, ['uniform', 'prioritized']);
  checkPositiveInteger(`${owner}.replay.capacity`, replay.capacity);
  checkPositiveInteger(`${owner}.replay.nStep`, replay.nStep);
  checkFraction(`${owner}.replay.gamma`, replay.gamma);
  const network = preset.network;
  checkKnownKeys(`${owner}.network`, network, ['torso', 'head', 'width', 'hiddenSizes', 'numAtoms', 'vMin', 'vMax', 'dueling', 'noisy', 'embeddingDim']);
  checkOneOf(`${owner}.network.torso`, network.torso, ['impala', 'nature-cnn', 'minatar-cnn', 'mlp']);
  checkOneOf(`${owner}.network.head`, network.head, HEADS[agent]);
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
  const rainbowLike = agent === 'rainbow' || agent === 'der';
  if (rainbowLike && (preset.agentOptions as RainbowOptions).noisy !== undefined && (preset.agentOptions as RainbowOptions).noisy !== (network.noisy ?? false)) {
    throw new ConfigError({
      field: `${owner}.agentOptions.noisy`,
      value: (preset.agentOptions as RainbowOptions).noisy,
      expected: `${network.noisy ?? false} (network.noisy)`,
    });
  }
  if (rainbowLike) {
    checkPositiveInteger(`${owner}.network.numAtoms`, network.numAtoms);
    if (!(typeof network.vMax === 'number' && typeof network.vMin === 'number' && network.vMin < network.vMax)) {
      throw new ConfigError({ field: `${owner}.network.vMin`, value: [network.vMin, network.vMax], expected: 'vMin < vMax' });
    }
  }
  return deepFreeze(preset);
}

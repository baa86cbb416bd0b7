import { checkBoolean, checkFraction, checkKnownKeys, checkNumber, checkOneOf, checkPositiveInteger, ConfigError } from '@prunerl/core';
import { resolveValueAgentOptions, VALUE_AGENT_OPTION_KEYS } from '../agent/value-agent-options';
import type { DQNOptions } from '../dqn/dqn-agent';
import { createOptimizer, type OptimizerConfig } from '../optimizers/create-optimizer';
import type { RainbowOptions } from '../rainbow/rainbow-agent';

/** Registry names of the agents a preset can configure. */
export type PresetAgentKind = 'dqn' | 'rainbow';

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
  /** `q` (DQN) or `c51` (Rainbow). */
  readonly head: 'q' | 'c51';
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
}

/**
 * Everything that defines an agent's hyperparameters for one domain: the agent's own options, the
 * optimiser, the replay buffer and the network, as plain data. Presets are validated when built and
 * frozen; spread them to change a value (`{ ...preset.agentOptions, totalSteps }`).
 */
export interface AgentPreset<K extends PresetAgentKind = PresetAgentKind> {
  readonly name: string;
  readonly agent: K;
  readonly agentOptions: K extends 'dqn' ? DQNOptions : RainbowOptions;
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
  checkOneOf(`${owner}.agent`, preset.agent, ['dqn', 'rainbow']);
  const extra = preset.agent === 'dqn' ? ['loss', 'huberDelta', 'double'] : ['double', 'noisy'];
  checkKnownKeys(`${owner}.agentOptions`, preset.agentOptions, [...VALUE_AGENT_OPTION_KEYS, ...extra]);
  resolveValueAgentOptions(`${owner}.agentOptions`, preset.agentOptions);
  const agentOptions = preset.agentOptions as DQNOptions;
  if (agentOptions.loss !== undefined) checkOneOf(`${owner}.agentOptions.loss`, agentOptions.loss, ['mse', 'huber']);
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
  checkKnownKeys(`${owner}.network`, network, ['torso', 'head', 'width', 'hiddenSizes', 'numAtoms', 'vMin', 'vMax', 'dueling', 'noisy']);
  checkOneOf(`${owner}.network.torso`, network.torso, ['impala', 'nature-cnn', 'minatar-cnn', 'mlp']);
  checkOneOf(`${owner}.network.head`, network.head, [preset.agent === 'dqn' ? 'q' : 'c51']);
  checkNumber(`${owner}.network.width`, network.width, { min: 0, minExclusive: true });
  if (network.dueling !== undefined) checkBoolean(`${owner}.network.dueling`, network.dueling);
  if (network.noisy !== undefined) checkBoolean(`${owner}.network.noisy`, network.noisy);
  if (preset.agent === 'rainbow' && (preset.agentOptions as RainbowOptions).noisy !== undefined && (preset.agentOptions as RainbowOptions).noisy !== (network.noisy ?? false)) {
    throw new ConfigError({
      field: `${owner}.agentOptions.noisy`,
      value: (preset.agentOptions as RainbowOptions).noisy,
      expected: `${network.noisy ?? false} (network.noisy)`,
    });
  }
  if (preset.agent === 'rainbow') {
    checkPositiveInteger(`${owner}.network.numAtoms`, network.numAtoms);
    if (!(typeof network.vMax === 'number' && typeof network.vMin === 'number' && network.vMin < network.vMax)) {
      throw new ConfigError({ field: `${owner}.network.vMin`, value: [network.vMin, network.vMax], expected: 'vMin < vMax' });
    }
  }
  return deepFreeze(preset);
}

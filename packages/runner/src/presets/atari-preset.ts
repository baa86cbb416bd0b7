import { DER_AGENT_OPTIONS, DRQ_EPSILON_AGENT_OPTIONS } from '@prunerl/agents';
import { validatePreset, type AgentPreset, type PresetAgentKind } from './agent-preset';
import { presetOfFamily, type PresetFamily } from './preset-family';

const common = {
  minReplayHistory: 20_000,
  updatePeriod: 4,
  targetUpdatePeriod: 8_000,
  epsilonTrain: 0.01,
  epsilonEval: 0.001,
  epsilonDecayPeriod: 250_000,
  batchSize: 32,
} as const;

/** Dopamine's IQN settings (`implicit_quantile.gin`, PAPER.md Table 2). */
const quantile = { numTauSamples: 64, numTauPrimeSamples: 64, numQuantileSamples: 32, kappa: 1 } as const;
const iqnOptimizer = { kind: 'adam', learningRate: 5e-5, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 } as const;
/** DER and DrQ(epsilon): PAPER.md Table 1 (van Hasselt et al.'s Adam). */
const dataEfficientOptimizer = { kind: 'adam', learningRate: 1e-4, epsilon: 1.5e-4, beta1: 0.9, beta2: 0.999 } as const;

/** PAPER.md Table 2, DQN column (with Dopamine's `dqn.gin` extras). */
export const ATARI_DQN_PRESET: AgentPreset<'dqn'> = validatePreset<'dqn'>({
  name: 'atari',
  agent: 'dqn',
  agentOptions: { ...common, loss: 'mse' },
  optimizer: { kind: 'adam', learningRate: 6.25e-5, epsilon: 1.5e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'uniform', capacity: 1_000_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'impala', head: 'q', width: 1 },
});

/** PAPER.md Table 2, Rainbow column (Dopamine's compact Rainbow, `rainbow.gin`). */
export const ATARI_RAINBOW_PRESET: AgentPreset<'rainbow'> = validatePreset<'rainbow'>({
  name: 'atari',
  agent: 'rainbow',
  agentOptions: { ...common },
  optimizer: { kind: 'adam', learningRate: 6.25e-5, epsilon: 1.5e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'prioritized', capacity: 1_000_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'impala', head: 'c51', width: 1, numAtoms: 51, vMin: -10, vMax: 10 },
});

/**
 * PAPER.md Table 2, IQN column (Dopamine JAX's `implicit_quantile.gin`): kappa 1, N = N' = 64,
 * K = 32, a 64-feature cosine embedding, 3-step uniform replay, Adam 5e-5 / 3.125e-4.
 */
export const ATARI_IQN_PRESET: AgentPreset<'iqn'> = validatePreset<'iqn'>({
  name: 'atari',
  agent: 'iqn',
  agentOptions: { ...common, ...quantile, double: false },
  optimizer: iqnOptimizer,
  replay: { kind: 'uniform', capacity: 1_000_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'impala', head: 'quantile', width: 1, embeddingDim: 64 },
});

/**
 * PAPER.md Table 2, M-IQN column: the IQN preset plus the Munchausen term (temperature 0.03; alpha
 * 0.9 and log-policy clip -1 are Vieillard et al.'s defaults, unstated in the paper).
 */
export const ATARI_M_IQN_PRESET: AgentPreset<'m-iqn'> = validatePreset<'m-iqn'>({
  name: 'atari',
  agent: 'm-iqn',
  agentOptions: { ...common, ...quantile, temperature: 0.03, alpha: 0.9, logPolicyClip: -1 },
  optimizer: iqnOptimizer,
  replay: { kind: 'uniform', capacity: 1_000_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'impala', head: 'quantile', width: 1, embeddingDim: 64 },
});

/**
 * PAPER.md Table 1, DER column (Dopamine's `atari_100k/configs/DER.gin`): noisy dueling C51 (51
 * atoms, vMax 10), double DQN, 10-step prioritized replay, an update every step after 1,600 steps,
 * target copies every 2,000 steps, constant epsilon 0.01 beside the noise (Dopamine's
 * `identity_epsilon` for noisy agents).
 */
export const ATARI_DER_PRESET: AgentPreset<'der'> = validatePreset<'der'>({
  name: 'atari',
  agent: 'der',
  agentOptions: { ...DER_AGENT_OPTIONS, epsilonSchedule: 'constant', noisy: true },
  optimizer: dataEfficientOptimizer,
  replay: { kind: 'prioritized', capacity: 1_000_000, nStep: 10, gamma: 0.99 },
  network: { torso: 'impala', head: 'c51', width: 1, numAtoms: 51, vMin: -10, vMax: 10, dueling: true, noisy: true },
});

/**
 * PAPER.md Table 1, DrQ(epsilon) column (Dopamine's `atari_100k/configs/DrQ_eps.gin`): dueling,
 * double DQN with the Huber loss, 10-step uniform replay, an update every step after 1,600 steps, the
 * target copied every step, epsilon decayed over 5,000 steps, and DrQ's augmentation (pad 4 + random
 * crop, intensity 0.05).
 */
export const ATARI_DRQ_EPS_PRESET: AgentPreset<'drq-eps'> = validatePreset<'drq-eps'>({
  name: 'atari',
  agent: 'drq-eps',
  agentOptions: { ...DRQ_EPSILON_AGENT_OPTIONS },
  optimizer: dataEfficientOptimizer,
  replay: { kind: 'uniform', capacity: 1_000_000, nStep: 10, gamma: 0.99 },
  network: { torso: 'impala', head: 'dueling', width: 1 },
});

/**
 * The offline agents' shared values (PAPER.md Table 3): batch 32, an update every gradient step
 * from the start, evaluation epsilon 0.001, and a fixed replay of at most 2.5M transitions (the 5%
 * DQN-replay subsets).
 */
const offline = { batchSize: 32, minReplayHistory: 0, updatePeriod: 1, epsilonEval: 0.001 } as const;
const OFFLINE_CAPACITY = 2_500_000;

/**
 * PAPER.md Table 3, CQL column: DQN-style, 1-step, no dueling or double DQN, alpha 0.1, Adam 5e-5 /
 * 3.125e-4, the target copied every 2,000 gradient steps (Dopamine's offline `jax_dqn.gin`).
 */
export const ATARI_CQL_PRESET: AgentPreset<'cql'> = validatePreset<'cql'>({
  name: 'atari',
  agent: 'cql',
  agentOptions: { ...offline, targetUpdatePeriod: 2_000, cqlCoefficient: 0.1, double: false },
  optimizer: { kind: 'adam', learningRate: 5e-5, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'fixed', capacity: OFFLINE_CAPACITY, nStep: 1, gamma: 0.99 },
  network: { torso: 'impala', head: 'q', width: 1 },
});

/**
 * PAPER.md Table 3, CQL+C51 column (Dopamine's offline `jax_rainbow.gin`): C51 with 51 atoms on
 * [-10, 10], dueling, double DQN, 3-step, alpha 0.1 on the mean Q values, Adam 6.25e-5 / 1.5e-4,
 * the target copied every 100 gradient steps.
 */
export const ATARI_CQL_C51_PRESET: AgentPreset<'cql-c51'> = validatePreset<'cql-c51'>({
  name: 'atari',
  agent: 'cql-c51',
  agentOptions: { ...offline, targetUpdatePeriod: 100, cqlCoefficient: 0.1, double: true },
  optimizer: { kind: 'adam', learningRate: 6.25e-5, epsilon: 1.5e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'fixed', capacity: OFFLINE_CAPACITY, nStep: 3, gamma: 0.99 },
  network: { torso: 'impala', head: 'c51', width: 1, numAtoms: 51, vMin: -10, vMax: 10, dueling: true },
});

/** The `atari` presets by agent (PAPER.md Tables 1, 2 and 3). */
export const ATARI_PRESETS: PresetFamily = Object.freeze({
  dqn: ATARI_DQN_PRESET,
  rainbow: ATARI_RAINBOW_PRESET,
  iqn: ATARI_IQN_PRESET,
  'm-iqn': ATARI_M_IQN_PRESET,
  der: ATARI_DER_PRESET,
  'drq-eps': ATARI_DRQ_EPS_PRESET,
  cql: ATARI_CQL_PRESET,
  'cql-c51': ATARI_CQL_C51_PRESET,
});

/** The `atari` preset of `agent`; an agent it does not configure throws a `ConfigError`. */
export function atariPreset<K extends PresetAgentKind>(agent: K): AgentPreset<K> {
  return presetOfFamily('atari', ATARI_PRESETS, agent);
}

import { DER_AGENT_OPTIONS, DRQ_EPSILON_AGENT_OPTIONS } from '@prunerl/agents';
import { validatePreset, type AgentPreset, type PresetAgentKind } from './agent-preset';
import { presetOfFamily, type PresetFamily } from './preset-family';

const common = {
  batchSize: 32,
  minReplayHistory: 1_000,
  updatePeriod: 4,
  targetUpdatePeriod: 1_000,
  epsilonTrain: 0.01,
  epsilonEval: 0.001,
  epsilonDecayPeriod: 250_000,
} as const;

/**
 * IQN's samples on MinAtar: N = N' = K = 32, kappa 1, as Obando-Ceron & Castro's "Revisiting Rainbow"
 * MinAtar configs (`implicit_*.gin`) set them; Dopamine's Atari IQN uses N = N' = 64.
 */
const quantile = { numTauSamples: 32, numTauPrimeSamples: 32, numQuantileSamples: 32, kappa: 1 } as const;
/**
 * The C51 support on MinAtar: [-100, 100], as "Revisiting Rainbow"'s MinAtar configs set it. The
 * Atari value (10) assumes rewards clipped to [-1, 1]; MinAtar's rewards are not clipped here and
 * discounted returns pass 10 (a SpaceInvaders or Seaquest agent scores +1 many times within 100
 * steps), which a [-10, 10] support would squash into its last atom.
 */
const MINATAR_VMAX = 100;
/** Rainbow's MinAtar Adam (the distributional agents share it). */
const distributionalOptimizer = { kind: 'adam', learningRate: 1e-4, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 } as const;
const dataEfficientOptimizer = { kind: 'adam', learningRate: 1e-4, epsilon: 1.5e-4, beta1: 0.9, beta2: 0.999 } as const;

/** Dopamine-style MinAtar DQN: Adam 2.5e-4 / 3.125e-4, the MinAtar reference torso. */
export const MINATAR_DQN_PRESET: AgentPreset<'dqn'> = validatePreset<'dqn'>({
  name: 'minatar',
  agent: 'dqn',
  agentOptions: { ...common, loss: 'mse' },
  optimizer: { kind: 'adam', learningRate: 2.5e-4, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'uniform', capacity: 100_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'q', width: 1 },
});

/**
 * MinAtar compact Rainbow (the paper's Rainbow: C51 + 3-step + PER, no dueling, double or noisy
 * nets): Adam 1e-4 / 3.125e-4, 51 atoms on [-100, 100] ("Revisiting Rainbow"'s MinAtar support).
 */
export const MINATAR_RAINBOW_PRESET: AgentPreset<'rainbow'> = validatePreset<'rainbow'>({
  name: 'minatar',
  agent: 'rainbow',
  agentOptions: { ...common },
  optimizer: distributionalOptimizer,
  replay: { kind: 'prioritized', capacity: 100_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'c51', width: 1, numAtoms: 51, vMin: -MINATAR_VMAX, vMax: MINATAR_VMAX },
});

/** MinAtar IQN: "Revisiting Rainbow"'s MinAtar IQN (N = N' = K = 32, kappa 1, 1-step, uniform replay). */
export const MINATAR_IQN_PRESET: AgentPreset<'iqn'> = validatePreset<'iqn'>({
  name: 'minatar',
  agent: 'iqn',
  agentOptions: { ...common, ...quantile, double: false },
  optimizer: distributionalOptimizer,
  replay: { kind: 'uniform', capacity: 100_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'quantile', width: 1, embeddingDim: 64 },
});

/** MinAtar M-IQN: {@link MINATAR_IQN_PRESET} plus the Munchausen term (0.03, 0.9, -1). */
export const MINATAR_M_IQN_PRESET: AgentPreset<'m-iqn'> = validatePreset<'m-iqn'>({
  name: 'minatar',
  agent: 'm-iqn',
  agentOptions: { ...common, ...quantile, temperature: 0.03, alpha: 0.9, logPolicyClip: -1 },
  optimizer: distributionalOptimizer,
  replay: { kind: 'uniform', capacity: 100_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'quantile', width: 1, embeddingDim: 64 },
});

/** MinAtar DER: PAPER.md Table 1's DER values with MinAtar's replay capacity, torso and C51 support ([-100, 100]). */
export const MINATAR_DER_PRESET: AgentPreset<'der'> = validatePreset<'der'>({
  name: 'minatar',
  agent: 'der',
  agentOptions: { ...DER_AGENT_OPTIONS, epsilonSchedule: 'constant', noisy: true },
  optimizer: dataEfficientOptimizer,
  replay: { kind: 'prioritized', capacity: 100_000, nStep: 10, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'c51', width: 1, numAtoms: 51, vMin: -MINATAR_VMAX, vMax: MINATAR_VMAX, dueling: true, noisy: true },
});

/**
 * MinAtar DrQ(epsilon): PAPER.md Table 1's DrQ(epsilon) values with MinAtar's replay capacity and
 * torso, and a 1-cell pad (4 pixels of an 84-pixel frame is about 5%; on a 10x10 grid the smallest
 * shift is one cell).
 */
export const MINATAR_DRQ_EPS_PRESET: AgentPreset<'drq-eps'> = validatePreset<'drq-eps'>({
  name: 'minatar',
  agent: 'drq-eps',
  agentOptions: { ...DRQ_EPSILON_AGENT_OPTIONS, augmentation: { pad: 1, intensityScale: 0.05 } },
  optimizer: dataEfficientOptimizer,
  replay: { kind: 'uniform', capacity: 100_000, nStep: 10, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'dueling', width: 1 },
});

/**
 * The offline agents at MinAtar scale: Table 3's structure (CQL: 1-step, no dueling or double; CQL+C51:
 * 3-step, dueling, double, 51 atoms) with MinAtar's torso, C51 support ([-100, 100]) and the Adam of
 * the MinAtar distributional presets (1e-4 / 3.125e-4), since runs of 10^5 gradient steps are too
 * short for Table 3's 5e-5 and 6.25e-5; CQL copies its target every 1,000 gradient steps (the MinAtar
 * presets' period), CQL+C51 every 100 (Table 3). A fixed replay of at most 1M transitions.
 */
const offline = { batchSize: 32, minReplayHistory: 0, updatePeriod: 1, epsilonEval: 0.001, cqlCoefficient: 0.1 } as const;

/** MinAtar CQL (see above). */
export const MINATAR_CQL_PRESET: AgentPreset<'cql'> = validatePreset<'cql'>({
  name: 'minatar',
  agent: 'cql',
  agentOptions: { ...offline, targetUpdatePeriod: 1_000, double: false },
  optimizer: distributionalOptimizer,
  replay: { kind: 'fixed', capacity: 1_000_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'q', width: 1 },
});

/** MinAtar CQL+C51 (see above). */
export const MINATAR_CQL_C51_PRESET: AgentPreset<'cql-c51'> = validatePreset<'cql-c51'>({
  name: 'minatar',
  agent: 'cql-c51',
  agentOptions: { ...offline, targetUpdatePeriod: 100, double: true },
  optimizer: distributionalOptimizer,
  replay: { kind: 'fixed', capacity: 1_000_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'c51', width: 1, numAtoms: 51, vMin: -MINATAR_VMAX, vMax: MINATAR_VMAX, dueling: true },
});

/** The `minatar` presets by agent. */
export const MINATAR_PRESETS: PresetFamily = Object.freeze({
  dqn: MINATAR_DQN_PRESET,
  rainbow: MINATAR_RAINBOW_PRESET,
  iqn: MINATAR_IQN_PRESET,
  'm-iqn': MINATAR_M_IQN_PRESET,
  der: MINATAR_DER_PRESET,
  'drq-eps': MINATAR_DRQ_EPS_PRESET,
  cql: MINATAR_CQL_PRESET,
  'cql-c51': MINATAR_CQL_C51_PRESET,
});

/** The `minatar` preset of `agent`; an agent it does not configure throws a `ConfigError`. */
export function minatarPreset<K extends PresetAgentKind>(agent: K): AgentPreset<K> {
  return presetOfFamily('minatar', MINATAR_PRESETS, agent);
}

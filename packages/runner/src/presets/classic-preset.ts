import { validatePreset, type AgentPreset, type PresetAgentKind } from './agent-preset';
import { presetOfFamily, type PresetFamily } from './preset-family';

const common = {
  batchSize: 64,
  minReplayHistory: 500,
  updatePeriod: 1,
  targetUpdatePeriod: 100,
  epsilonTrain: 0.01,
  epsilonEval: 0,
  epsilonDecayPeriod: 5_000,
} as const;

/**
 * Classic control. The value agents' presets: CartPole-like tasks (low-dimensional float observations, episodes of a few hundred steps), tuned so
 * that DQN and Rainbow solve CartPole-v1 (mean evaluation return >= 195) well within 50,000 steps on
 * the wasm backend. Starting point: Dopamine's `dqn_cartpole.gin` (Adam 1e-3, epsilon 3.125e-4, min
 * replay 500, target update 100, MSE); changed after measuring: 3-step returns, a smaller MLP
 * ([64, 64]), an update every step with batch 64, and epsilon decayed over 5,000 steps.
 */
export const CLASSIC_DQN_PRESET: AgentPreset<'dqn'> = validatePreset<'dqn'>({
  name: 'classic',
  agent: 'dqn',
  agentOptions: { ...common, loss: 'mse', double: false },
  optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'uniform', capacity: 50_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'mlp', head: 'q', width: 1, hiddenSizes: [64, 64] },
});

/** Rainbow counterpart of {@link CLASSIC_DQN_PRESET}: C51 on [-100, 100] (CartPole's discounted returns). */
export const CLASSIC_RAINBOW_PRESET: AgentPreset<'rainbow'> = validatePreset<'rainbow'>({
  name: 'classic',
  agent: 'rainbow',
  agentOptions: { ...common },
  optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'prioritized', capacity: 50_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'mlp', head: 'c51', width: 1, hiddenSizes: [64, 64], numAtoms: 51, vMin: -100, vMax: 100 },
});

const quantile = { batchSize: 32, numTauSamples: 16, numTauPrimeSamples: 16, numQuantileSamples: 8, kappa: 1 } as const;

/**
 * IQN for CartPole-like tasks: the DQN preset's schedule, replay and Adam, with batch 32 and far fewer
 * fractions than Dopamine's Atari values (N = N' = 16, K = 8, a 32-feature embedding). Measured on
 * CartPole-v1 (wasm): seeds 0-5 all reached a mean evaluation return >= 195 within 5,000 steps, at
 * about 5 ms per update, against 15-20 ms with N = N' = 32, K = 16 and batch 64 (which learned no
 * better).
 */
export const CLASSIC_IQN_PRESET: AgentPreset<'iqn'> = validatePreset<'iqn'>({
  name: 'classic',
  agent: 'iqn',
  agentOptions: { ...common, ...quantile, double: false },
  optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'uniform', capacity: 50_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'mlp', head: 'quantile', width: 1, hiddenSizes: [64, 64], embeddingDim: 32 },
});

/**
 * M-IQN counterpart of {@link CLASSIC_IQN_PRESET}: the Munchausen term with the paper's defaults
 * (0.03, 0.9, -1). Measured on CartPole-v1 (wasm): seeds 0-4 reached 195 within 5,000 steps, seed 5
 * at 27,500.
 */
export const CLASSIC_M_IQN_PRESET: AgentPreset<'m-iqn'> = validatePreset<'m-iqn'>({
  name: 'classic',
  agent: 'm-iqn',
  agentOptions: { ...common, ...quantile, temperature: 0.03, alpha: 0.9, logPolicyClip: -1 },
  optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'uniform', capacity: 50_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'mlp', head: 'quantile', width: 1, hiddenSizes: [64, 64], embeddingDim: 32 },
});

/** The offline agents on CartPole-like tasks: the DQN preset's Adam, MLP and batch, from a fixed replay. */
const offline = { batchSize: 64, minReplayHistory: 0, updatePeriod: 1, targetUpdatePeriod: 100, epsilonEval: 0, cqlCoefficient: 0.1 } as const;

/** CQL for CartPole-like tasks: Table 3's CQL (1-step, no dueling or double, alpha 0.1) with the classic DQN preset's network and Adam. */
export const CLASSIC_CQL_PRESET: AgentPreset<'cql'> = validatePreset<'cql'>({
  name: 'classic',
  agent: 'cql',
  agentOptions: { ...offline, double: false },
  optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'fixed', capacity: 1_000_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'mlp', head: 'q', width: 1, hiddenSizes: [64, 64] },
});

/** CQL+C51 for CartPole-like tasks: Table 3's CQL+C51 (3-step, dueling, double, 51 atoms) on [-100, 100] with the classic network and Adam. */
export const CLASSIC_CQL_C51_PRESET: AgentPreset<'cql-c51'> = validatePreset<'cql-c51'>({
  name: 'classic',
  agent: 'cql-c51',
  agentOptions: { ...offline, double: true },
  optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'fixed', capacity: 1_000_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'mlp', head: 'c51', width: 1, hiddenSizes: [64, 64], numAtoms: 51, vMin: -100, vMax: 100, dueling: true },
});

/**
 * SAC for classic control with continuous actions (Pendulum-v1, MountainCarContinuous-v0): PAPER.md's
 * rigl SAC values ("SAC (MuJoCo)": Adam 3e-4, gamma 0.99, tau 0.005 every step, one update per env
 * step, 1,000 random steps first, a uniform replay) scaled to this machine: (64, 64) ReLU MLPs for
 * the actor and each critic at width 1 (the paper's (256, 256) is width 4 here; its x5 is width 20),
 * batch 128 (the paper's 256 halves the steps per second for no gain on Pendulum), a 100k replay
 * (Pendulum runs are shorter), and reward scale 1 rather than 0.1: Pendulum's rewards (-16.3 to 0 a
 * step) are already small, where MuJoCo's are ~1-10. With these values `packages/integration`'s
 * learning test solves Pendulum-v1 (mean evaluation return above -250) at 7,000 steps (seed 0).
 */
export const CLASSIC_SAC_PRESET: AgentPreset<'sac'> = validatePreset<'sac'>({
  name: 'classic',
  agent: 'sac',
  agentOptions: { batchSize: 128, minReplayHistory: 1_000, updatePeriod: 1, updatesPerStep: 1, tau: 0.005, targetUpdatePeriod: 1, rewardScale: 1 },
  optimizer: { kind: 'adam', learningRate: 3e-4 },
  replay: { kind: 'uniform', capacity: 100_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'mlp', head: 'q', width: 1, hiddenSizes: [64, 64] },
});

/**
 * PPO for classic control, continuous or discrete: RL Zoo's Pendulum-v1 PPO values (1,024-step
 * rollouts, gamma 0.9, GAE lambda 0.95, Adam 1e-3, 10 epochs of minibatches of 64, clip 0.2) with one
 * environment and no gSDE, on (64, 64) ReLU MLPs (the paper's PPO MLPs are (64, 64) x5: width 5
 * here); Adam epsilon 1e-5 as CleanRL and SB3. With these values `packages/integration`'s learning
 * test passes -400 on Pendulum-v1 at 15,000 steps (seed 0). The replay buffer is never sampled for
 * training: PPO adds its transitions to it for the network diagnostics' batches.
 */
export const CLASSIC_PPO_PRESET: AgentPreset<'ppo'> = validatePreset<'ppo'>({
  name: 'classic',
  agent: 'ppo',
  agentOptions: { rolloutSteps: 1_024, minibatchSize: 64, epochs: 10, discount: 0.9, gaeLambda: 0.95, clipRatio: 0.2, valueCoefficient: 0.5, entropyCoefficient: 0, maxGradNorm: 0.5 },
  optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 1e-5 },
  replay: { kind: 'uniform', capacity: 10_000, nStep: 1, gamma: 0.9 },
  network: { torso: 'mlp', head: 'q', width: 1, hiddenSizes: [64, 64] },
});

/**
 * The `classic` presets by agent. DER and DrQ(epsilon) have none: they are Atari-100k agents (DrQ's
 * augmentation needs images).
 */
export const CLASSIC_PRESETS: PresetFamily = Object.freeze({
  dqn: CLASSIC_DQN_PRESET,
  rainbow: CLASSIC_RAINBOW_PRESET,
  iqn: CLASSIC_IQN_PRESET,
  'm-iqn': CLASSIC_M_IQN_PRESET,
  cql: CLASSIC_CQL_PRESET,
  'cql-c51': CLASSIC_CQL_C51_PRESET,
  sac: CLASSIC_SAC_PRESET,
  ppo: CLASSIC_PPO_PRESET,
});

/** The `classic` preset of `agent`; an agent it does not configure throws a `ConfigError`. */
export function classicPreset<K extends PresetAgentKind>(agent: K): AgentPreset<K> {
  return presetOfFamily('classic', CLASSIC_PRESETS, agent);
}

import { validatePreset, type AgentPreset, type PresetAgentKind } from './agent-preset';
import { presetOfFamily, type PresetFamily } from './preset-family';

/**
 * SAC on Gymnasium's v5 MuJoCo tasks (`@prunerl/mujoco`: Hopper, Walker2d, HalfCheetah, Ant,
 * Humanoid): PAPER.md's rigl SAC values ("SAC (MuJoCo)") as they are: Adam 3e-4, batch 256, gamma
 * 0.99, tau 0.005 every step, reward scale 0.1, one update per env step after 1,000 random steps, a
 * 1M uniform replay, (256, 256) ReLU MLPs for the actor and each critic at width 1 (the paper's x5
 * MLPs are width 5).
 */
export const MUJOCO_SAC_PRESET: AgentPreset<'sac'> = validatePreset<'sac'>({
  name: 'mujoco',
  agent: 'sac',
  agentOptions: { batchSize: 256, minReplayHistory: 1_000, updatePeriod: 1, updatesPerStep: 1, tau: 0.005, targetUpdatePeriod: 1, rewardScale: 0.1 },
  optimizer: { kind: 'adam', learningRate: 3e-4 },
  replay: { kind: 'uniform', capacity: 1_000_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'mlp', head: 'q', width: 1, hiddenSizes: [256, 256] },
});

/**
 * PPO on the MuJoCo tasks: the rigl PPO values (PAPER.md, "PPO (MuJoCo)"; Schulman et al. 2017,
 * Table 3): 2,048-step rollouts, 10 epochs of minibatches of 64 (320 gradient steps per rollout),
 * gamma 0.99, GAE lambda 0.95, clip 0.2, Adam 3e-4 (epsilon 1e-5, gradients clipped to norm 0.5 as
 * CleanRL and SB3), (64, 64) ReLU MLPs at width 1 (the paper's x5 is width 5). The rigl runs' weight
 * decay (1e-3) is not applied. The replay buffer is only read by the network diagnostics.
 */
export const MUJOCO_PPO_PRESET: AgentPreset<'ppo'> = validatePreset<'ppo'>({
  name: 'mujoco',
  agent: 'ppo',
  agentOptions: { rolloutSteps: 2_048, minibatchSize: 64, epochs: 10, discount: 0.99, gaeLambda: 0.95, clipRatio: 0.2, valueCoefficient: 0.5, entropyCoefficient: 0, maxGradNorm: 0.5 },
  optimizer: { kind: 'adam', learningRate: 3e-4, epsilon: 1e-5 },
  replay: { kind: 'uniform', capacity: 10_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'mlp', head: 'q', width: 1, hiddenSizes: [64, 64] },
});

/** The `mujoco` presets by agent: the actor-critic agents only. */
export const MUJOCO_PRESETS: PresetFamily = Object.freeze({
  sac: MUJOCO_SAC_PRESET,
  ppo: MUJOCO_PPO_PRESET,
});

/** The `mujoco` preset of `agent`; an agent it does not configure throws a `ConfigError`. */
export function mujocoPreset<K extends PresetAgentKind>(agent: K): AgentPreset<K> {
  return presetOfFamily('mujoco', MUJOCO_PRESETS, agent);
}

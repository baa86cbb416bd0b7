import { validatePreset, type AgentPreset, type PresetAgentKind } from './agent-preset';

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
 * CartPole-like tasks (low-dimensional float observations, episodes of a few hundred steps), tuned so
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

/** The `classic` preset of `agent`. */
export function classicPreset<K extends PresetAgentKind>(agent: K): AgentPreset<K> {
  return (agent === 'dqn' ? CLASSIC_DQN_PRESET : CLASSIC_RAINBOW_PRESET) as AgentPreset<K>;
}

import { validatePreset, type AgentPreset, type PresetAgentKind } from './agent-preset';

/**
 * CartPole-like tasks (low-dimensional float observations, episodes of a few hundred steps), tuned so
 * that DQN and Rainbow solve CartPole-v1 (mean evaluation return >= 195) well within 50,000 steps on
 * the wasm backend. Starting point: Dopamine's `dqn_cartpole.gin` / `rainbow_cartpole.gin` (Adam
 * 1e-3, epsilon 3.125e-4, min replay 500, target update 100).
 */
export const CLASSIC_DQN_PRESET: AgentPreset<'dqn'> = validatePreset<'dqn'>({
  name: 'classic',
  agent: 'dqn',
  agentOptions: {
    batchSize: 64,
    minReplayHistory: 500,
    updatePeriod: 1,
    targetUpdatePeriod: 500,
    epsilonTrain: 0.01,
    epsilonEval: 0,
    epsilonDecayPeriod: 10_000,
    loss: 'huber',
    double: true,
  },
  optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'uniform', capacity: 50_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'mlp', head: 'q', width: 1, hidden: [128, 128] },
});

/** Rainbow counterpart of {@link CLASSIC_DQN_PRESET}. */
export const CLASSIC_RAINBOW_PRESET: AgentPreset<'rainbow'> = validatePreset<'rainbow'>({
  name: 'classic',
  agent: 'rainbow',
  agentOptions: {
    batchSize: 64,
    minReplayHistory: 500,
    updatePeriod: 1,
    targetUpdatePeriod: 500,
    epsilonTrain: 0.01,
    epsilonEval: 0,
    epsilonDecayPeriod: 10_000,
  },
  optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'prioritized', capacity: 50_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'mlp', head: 'c51', width: 1, hidden: [128, 128], numAtoms: 51, vMin: -100, vMax: 100 },
});

/** The `classic` preset of `agent`. */
export function classicPreset<K extends PresetAgentKind>(agent: K): AgentPreset<K> {
  return (agent === 'dqn' ? CLASSIC_DQN_PRESET : CLASSIC_RAINBOW_PRESET) as AgentPreset<K>;
}

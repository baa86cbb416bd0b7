import { validatePreset, type AgentPreset, type PresetAgentKind } from './agent-preset';

const common = {
  batchSize: 32,
  minReplayHistory: 1_000,
  updatePeriod: 4,
  targetUpdatePeriod: 1_000,
  epsilonTrain: 0.01,
  epsilonEval: 0.001,
  epsilonDecayPeriod: 250_000,
} as const;

/** Dopamine-style MinAtar DQN: Adam 2.5e-4 / 3.125e-4, the MinAtar reference torso. */
export const MINATAR_DQN_PRESET: AgentPreset<'dqn'> = validatePreset<'dqn'>({
  name: 'minatar',
  agent: 'dqn',
  agentOptions: { ...common, loss: 'mse' },
  optimizer: { kind: 'adam', learningRate: 2.5e-4, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'uniform', capacity: 100_000, nStep: 1, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'q', width: 1 },
});

/** Dopamine-style MinAtar compact Rainbow: Adam 1e-4 / 3.125e-4, C51 (51 atoms, vMax 10), 3-step, PER. */
export const MINATAR_RAINBOW_PRESET: AgentPreset<'rainbow'> = validatePreset<'rainbow'>({
  name: 'minatar',
  agent: 'rainbow',
  agentOptions: { ...common },
  optimizer: { kind: 'adam', learningRate: 1e-4, epsilon: 3.125e-4, beta1: 0.9, beta2: 0.999 },
  replay: { kind: 'prioritized', capacity: 100_000, nStep: 3, gamma: 0.99 },
  network: { torso: 'minatar-cnn', head: 'c51', width: 1, numAtoms: 51, vMin: -10, vMax: 10 },
});

/** The `minatar` preset of `agent`. */
export function minatarPreset<K extends PresetAgentKind>(agent: K): AgentPreset<K> {
  return (agent === 'dqn' ? MINATAR_DQN_PRESET : MINATAR_RAINBOW_PRESET) as AgentPreset<K>;
}

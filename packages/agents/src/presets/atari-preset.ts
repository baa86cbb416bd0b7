import { validatePreset, type AgentPreset, type PresetAgentKind } from './agent-preset';

const common = {
  minReplayHistory: 20_000,
  updatePeriod: 4,
  targetUpdatePeriod: 8_000,
  epsilonTrain: 0.01,
  epsilonEval: 0.001,
  epsilonDecayPeriod: 250_000,
  batchSize: 32,
} as const;

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

/** The `atari` preset of `agent`. */
export function atariPreset<K extends PresetAgentKind>(agent: K): AgentPreset<K> {
  return (agent === 'dqn' ? ATARI_DQN_PRESET : ATARI_RAINBOW_PRESET) as AgentPreset<K>;
}

/**
 * A DQN agent with the `minatar` preset on a replay of random MinAtar-shaped transitions (0/1 grids,
 * 10x10x4, 6 actions): what the tests of masked weight gradients and sparse checkpoints drive.
 */
import { createOptimizer, DQNAgent } from '@prunerl/agents';
import { Rng, type Optimizer, type UpdateHook } from '@prunerl/core';
import { QNetworkFactory, type TorsoName } from '@prunerl/networks';
import { UniformReplayBuffer } from '@prunerl/replay';
import { agentPreset } from '@prunerl/runner';

/**
 * The agent on `torso` at `width`, with `hooks`, its replay holding `transitions` random ones (seeded
 * by `seed`), and the preset's optimiser unless `optimizer` is given.
 */
export function minatarDqn(torso: TorsoName, width: number, hooks: UpdateHook[], seed: number, transitions = 200, optimizer?: Optimizer): DQNAgent {
  const preset = agentPreset('minatar', 'dqn');
  const rng = Rng.fromSeed(seed);
  const data = rng.split('data');
  const replay = new UniformReplayBuffer({ capacity: 1000, observationShape: [10, 10, 4], observationDtype: 'uint8', nStep: 1, gamma: 0.99 });
  const observation = (): Uint8Array => Uint8Array.from({ length: 400 }, () => (data.uniform() < 0.1 ? 1 : 0));
  for (let i = 0; i < transitions; i++) {
    replay.add({ observation: observation(), action: data.uniformInt(0, 6), reward: data.uniform(), nextObservation: observation(), terminated: false, truncated: false });
  }
  const { torso: _torso, ...network } = preset.network;
  return new DQNAgent({
    ...preset.agentOptions,
    networkFactory: new QNetworkFactory({ ...network, torso, width, inputScale: 1 }),
    replay,
    optimizer: optimizer ?? createOptimizer(preset.optimizer),
    numActions: 6,
    observationShape: [10, 10, 4],
    hooks,
    rng: rng.split('agent'),
  });
}

import { createOptimizer, DQNAgent } from '@prunerl/agents';
import { initBackend } from '@prunerl/backend';
import { Rng, type UpdateHook } from '@prunerl/core';
import { QNetworkFactory } from '@prunerl/networks';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { UniformReplayBuffer } from '@prunerl/replay';
import { agentPreset, decodeState, encodeState } from '@prunerl/runner';
import type { AgentState } from '@prunerl/core';

/**
 * Pruned models are small on disk: the agent file of a checkpoint (`encodeState(agent.state())`)
 * of a 95%-sparse Impala x3 DQN agent (GMP, masks fixed) against the same agent dense, and the
 * round trip of the sparse one, bit for bit.
 */
function impalaAgent(hooks: UpdateHook[]): DQNAgent {
  const preset = agentPreset('minatar', 'dqn');
  const rng = Rng.fromSeed(6);
  const data = rng.split('data');
  const replay = new UniformReplayBuffer({ capacity: 500, observationShape: [10, 10, 4], observationDtype: 'uint8', nStep: 1, gamma: 0.99 });
  const observation = (): Uint8Array => Uint8Array.from({ length: 400 }, () => (data.uniform() < 0.1 ? 1 : 0));
  for (let i = 0; i < 100; i++) {
    replay.add({ observation: observation(), action: data.uniformInt(0, 6), reward: data.uniform(), nextObservation: observation(), terminated: false, truncated: false });
  }
  const { torso: _torso, ...network } = preset.network;
  return new DQNAgent({
    ...preset.agentOptions,
    networkFactory: new QNetworkFactory({ ...network, torso: 'impala', width: 3, inputScale: 1 }),
    replay,
    optimizer: createOptimizer(preset.optimizer),
    numActions: 6,
    observationShape: [10, 10, 4],
    hooks,
    rng: rng.split('agent'),
  });
}

describe('checkpoints of pruned networks', () => {
  beforeAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it('should make a 95%-sparse Impala x3 agent file at least 8x smaller than the dense one, and read it back bit for bit', () => {
    const dense = impalaAgent([]);
    const sparse = impalaAgent([new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 })]);
    for (let i = 0; i < 4; i++) {
      dense.update();
      sparse.update();
    }
    // Past a target sync, as a run past its pruning phase is: the target network holds the zeros too.
    dense.syncTarget();
    sparse.syncTarget();
    const denseBytes = encodeState(dense.state());
    const sparseBytes = encodeState(sparse.state());
    const ratio = denseBytes.length / sparseBytes.length;
    // Dense: online and target weights, Adam's m and v (16 bytes a weight); sparse: 5% of them with their positions, the masks.
    expect(ratio).toBeGreaterThanOrEqual(8);
    console.log(`Impala x3 agent file: dense ${denseBytes.length} bytes, 95% sparse ${sparseBytes.length} bytes (${ratio.toFixed(1)}x smaller)`);

    // The decoded tree encodes to the same bytes: every array came back bit for bit.
    const decoded = decodeState(sparseBytes) as AgentState;
    expect(Buffer.from(encodeState(decoded)).equals(Buffer.from(sparseBytes))).toBe(true);
    // An agent restored from it continues exactly as the original.
    const restored = impalaAgent([new GradualMagnitudePruner({ sparsity: 0.95, startStep: 0, endStep: 1, updateFrequency: 1 })]);
    restored.restore(decoded);
    sparse.update();
    restored.update();
    expect(Buffer.from(encodeState(restored.state())).equals(Buffer.from(encodeState(sparse.state())))).toBe(true);
    for (const agent of [dense, sparse, restored]) agent.dispose();
  });
});

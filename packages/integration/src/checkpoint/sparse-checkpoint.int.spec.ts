import type { DQNAgent } from '@prunerl/agents';
import { initBackend } from '@prunerl/backend';
import type { AgentState, UpdateHook } from '@prunerl/core';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { decodeState, encodeState } from '@prunerl/runner';
import { minatarDqn } from '../support/minatar-dqn';

/**
 * Pruned models are small on disk: the agent file of a checkpoint (`encodeState(agent.state())`)
 * of a 95%-sparse Impala x3 DQN agent (GMP, masks fixed) against the same agent dense, and the
 * round trip of the sparse one, bit for bit.
 */
function impalaAgent(hooks: UpdateHook[]): DQNAgent {
  return minatarDqn('impala', 3, hooks, 6, 100);
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

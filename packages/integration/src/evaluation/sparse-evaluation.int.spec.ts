import { createOptimizer, DQNAgent } from '@prunerl/agents';
import { initBackend } from '@prunerl/backend';
import { Rng } from '@prunerl/core';
import { QNetworkFactory, type SparseInferenceNetwork } from '@prunerl/networks';
import { UniformReplayBuffer } from '@prunerl/replay';
import { agentPreset } from '@prunerl/runner';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Agents act in `eval` mode through the online network's inference view (sparse inference once it is
 * pruned enough) and pick the same actions as through the dense path; `train` acting and updates
 * keep the dense path.
 */
const SHAPE = [10, 10, 4];
const ACTIONS = 6;

function agent(sparseEvaluation: boolean): DQNAgent {
  const preset = agentPreset('minatar', 'dqn');
  const { torso: _torso, ...network } = preset.network;
  return new DQNAgent({
    networkFactory: new QNetworkFactory({ ...network, torso: 'minatar-cnn' }),
    replay: new UniformReplayBuffer({ capacity: 1_000, observationShape: SHAPE, observationDtype: 'uint8', nStep: 1, gamma: 0.99 }),
    optimizer: createOptimizer(preset.optimizer),
    numActions: ACTIONS,
    observationShape: SHAPE,
    ...preset.agentOptions,
    minReplayHistory: 50,
    updatePeriod: 1,
    epsilonEval: 0,
    sparseEvaluation,
    seed: 5,
  });
}

/** Zeroes the smallest 95% of every kernel, as a pruner's masks would. */
function prune(a: DQNAgent): void {
  tf.tidy(() => {
    for (const p of a.online.parameters()) {
      if (p.role !== 'kernel') continue;
      const values = p.variable.dataSync() as Float32Array;
      const cut = Float32Array.from(values, Math.abs).sort()[Math.floor(0.95 * values.length)]!;
      p.variable.assign(tf.tensor(Float32Array.from(values, (v) => (Math.abs(v) < cut ? 0 : v)), p.variable.shape));
    }
  });
}

function view(a: DQNAgent): SparseInferenceNetwork {
  return a.online.inferenceView!() as SparseInferenceNetwork;
}

describe('sparse evaluation', () => {
  beforeAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it('should act in eval mode through sparse inference, with the dense path’s actions, and rebuild after updates', () => {
    const rng = Rng.fromSeed(1);
    const observations = Array.from({ length: 40 }, () => Uint8Array.from({ length: 400 }, () => (rng.uniform() < 0.1 ? 1 : 0)));
    const sparse = agent(true);
    const dense = agent(false);
    try {
      prune(sparse);
      prune(dense);
      const before = tf.memory().numTensors;
      const sparseActions = observations.map((o) => sparse.act(o, 'eval'));
      const denseActions = observations.map((o) => dense.act(o, 'eval'));
      expect(sparseActions).toEqual(denseActions);
      expect(tf.memory().numTensors).toBe(before);
      expect(view(sparse).stats()).toMatchObject({ sparseCalls: 40, denseCalls: 0, builds: 1, active: true });
      expect(view(dense).stats()).toMatchObject({ sparseCalls: 0, builds: 0 });

      // Training acts and updates stay on the dense path; the next eval action sees the new weights.
      for (let i = 0; i < 60; i++) {
        const o = observations[i % 40]!;
        sparse.observe({ observation: o, action: sparse.act(o, 'train'), reward: i % 3, nextObservation: observations[(i + 1) % 40]!, terminated: false, truncated: false });
      }
      expect(sparse.updates).toBeGreaterThan(0);
      expect(view(sparse).stats().sparseCalls).toBe(40);
      prune(sparse);
      const q = tf.tidy(() => Array.from(sparse.online.apply(tf.tensor(observations[0]!, [1, ...SHAPE], 'int32')).dataSync()));
      const best = q.indexOf(Math.max(...q));
      expect(sparse.act(observations[0]!, 'eval')).toBe(best);
      expect(view(sparse).stats()).toMatchObject({ sparseCalls: 41, builds: 2 });
    } finally {
      sparse.dispose();
      dense.dispose();
    }
  });

  it('should reject a non-boolean sparseEvaluation', () => {
    expect(() => agent('yes' as never)).toThrow('sparseEvaluation');
  });
});

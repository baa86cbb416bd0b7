/**
 * Every agent (DQN, compact Rainbow; and the full Rainbow of DER on the two small torsos) x every
 * torso x {no pruner, GMP, RigL}: 200 gradient updates on a tiny schedule through
 * the real networks, replay and pruners. Pruning must reach its scheduled sparsity, and masked weights
 * must be exactly zero in the online network and, after a target sync, in the target network.
 * Observations are kept tiny (and CNN widths small) so the 30 runs take seconds each.
 */
import { DQNAgent, plannedUpdates, RainbowAgent, type ValueAgent } from '@prunerl/agents';
import { Rng, type Pruner } from '@prunerl/core';
import { QNetworkFactory, type ArchitectureOptions } from '@prunerl/networks';
import { GradualMagnitudePruner, RigLPruner } from '@prunerl/pruning';
import { PrioritizedReplayBuffer, UniformReplayBuffer } from '@prunerl/replay';
import * as tf from '@tensorflow/tfjs-core';
import { driveOnRandomData, matrixAgentInput, matrixCases, matrixHead, MATRIX_TORSOS, zerosWhereMasked, type MatrixTorso } from '../support/matrix-support';

const TORSOS: Record<string, MatrixTorso> = MATRIX_TORSOS;
/** `rainbow-full`: Rainbow with a noisy dueling C51 head and double DQN (DER's agent), on the small torsos. */
const AGENTS = ['dqn', 'rainbow', 'rainbow-full'] as const;
const PRUNERS = ['none', 'gmp', 'rigl'] as const;
const UPDATES = 200;
// Above batch size + n-step window, so every scheduled training step can sample.
const MIN_REPLAY = 16;
const SPARSITY = 0.9;

function makePruner(kind: (typeof PRUNERS)[number], seed: number): Pruner | undefined {
  const rng = Rng.fromSeed(seed).split('pruning');
  if (kind === 'gmp') return new GradualMagnitudePruner({ sparsity: SPARSITY, updateFrequency: 10, rng });
  if (kind === 'rigl') return new RigLPruner({ sparsity: SPARSITY, updateFrequency: 25, dropFraction: 0.3, rng });
  return undefined;
}

const cases = matrixCases(AGENTS, PRUNERS);

describe('agent x torso x pruner compatibility', () => {
  afterEach(() => tf.disposeVariables());

  it.each(cases)('%s with a %s torso and pruner %s should train 200 updates and keep the masks', (agentKind, torso, prunerKind) => {
    const { observationShape, options } = TORSOS[torso]!;
    const seed = 11;
    const head = matrixHead(agentKind);
    const networkFactory = new QNetworkFactory({ torso: torso as ArchitectureOptions['torso'], ...options, ...head });
    const replayOptions = { capacity: 1_000, observationShape, observationDtype: 'float32' as const, nStep: agentKind === 'dqn' ? 1 : 3, gamma: 0.99 };
    const replay = agentKind === 'dqn' ? new UniformReplayBuffer(replayOptions) : new PrioritizedReplayBuffer(replayOptions);
    const pruner = makePruner(prunerKind, seed);
    const totalSteps = MIN_REPLAY + UPDATES;
    const input = matrixAgentInput({
      networkFactory,
      replay,
      hooks: pruner ? [pruner] : [],
      observationShape,
      minReplayHistory: MIN_REPLAY,
      totalSteps,
      seed,
    });
    const agent: ValueAgent = agentKind === 'dqn' ? new DQNAgent(input) : new RainbowAgent({ ...input, double: agentKind === 'rainbow-full' });
    expect(agent.totalUpdates).toBe(plannedUpdates({ totalSteps, minReplayHistory: MIN_REPLAY, updatePeriod: 1 }));
    expect(agent.totalUpdates).toBe(UPDATES);

    const lastLoss = driveOnRandomData(agent, observationShape, totalSteps, Rng.fromSeed(seed).split('data'));
    expect(agent.updates).toBe(UPDATES);
    expect(Number.isFinite(lastLoss)).toBe(true);

    if (pruner) {
      const report = pruner.sparsity();
      expect(report.target).toBeCloseTo(SPARSITY, 6);
      // Measured over all prunable weights: the schedule's target up to rounding per layer.
      expect(Math.abs(report.overall - SPARSITY)).toBeLessThan(0.01);
      expect(zerosWhereMasked(agent.online, pruner.masks())).toBe(0);
      agent.syncTarget();
      expect(zerosWhereMasked(agent.target, pruner.masks())).toBe(0);
    }
    agent.dispose();
  }, 120_000);
});

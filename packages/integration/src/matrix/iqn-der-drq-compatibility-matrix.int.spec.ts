/**
 * IQN, M-IQN, DER and DrQ(epsilon) x every torso x {no pruner, GMP}: 200 gradient updates on a tiny
 * schedule through the real networks, replay and pruner, as the main compatibility matrix does for
 * DQN and Rainbow. DER runs with its noisy dueling C51 head, 10-step prioritized replay and double
 * DQN; DrQ(epsilon) with its dueling head, 10-step uniform replay and DrQ's augmentation (pad and
 * crop on the image torsos, intensity noise only on the MLP). Pruning must reach its scheduled
 * sparsity, and masked weights must be exactly zero in the online network and, after a target sync,
 * in the target network. Tau counts, atoms and widths are kept small so each case takes seconds.
 */
import {
  createDERAgent,
  createDrQEpsilonAgent,
  IQNAgent,
  MunchausenIQNAgent,
  plannedUpdates,
  type DrQAugmentationOptions,
  type ValueAgent,
} from '@prunerl/agents';
import { Rng } from '@prunerl/core';
import { QNetworkFactory, type ArchitectureOptions } from '@prunerl/networks';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { PrioritizedReplayBuffer, UniformReplayBuffer } from '@prunerl/replay';
import * as tf from '@tensorflow/tfjs-core';
import { driveOnRandomData, matrixAgentInput, matrixCases, zerosWhereMasked } from '../support/matrix-support';

const TORSOS: Record<string, { readonly observationShape: number[]; readonly options: Partial<ArchitectureOptions>; readonly augmentation: DrQAugmentationOptions }> = {
  mlp: { observationShape: [6], options: { hiddenSizes: [32, 32] }, augmentation: { pad: 0 } },
  'minatar-cnn': { observationShape: [6, 6, 2], options: { denseUnits: 32 }, augmentation: { pad: 1 } },
  'nature-cnn': { observationShape: [16, 16, 2], options: { width: 0.25, denseUnits: 32 }, augmentation: { pad: 2 } },
  impala: { observationShape: [6, 6, 2], options: { width: 0.25, denseUnits: 32 }, augmentation: { pad: 1 } },
};
const AGENTS = ['iqn', 'm-iqn', 'der', 'drq-eps'] as const;
const PRUNERS = ['none', 'gmp'] as const;
const UPDATES = 200;
// Above batch size + the 10-step window, so every scheduled training step can sample.
const MIN_REPLAY = 24;
const SPARSITY = 0.9;
const QUANTILES = { numTauSamples: 8, numTauPrimeSamples: 8, numQuantileSamples: 4 } as const;

function headOf(agent: (typeof AGENTS)[number]): Partial<ArchitectureOptions> {
  switch (agent) {
    case 'iqn':
    case 'm-iqn':
      return { head: 'quantile', embeddingDim: 8 };
    case 'der':
      return { head: 'c51', numAtoms: 11, vMax: 5, dueling: true, noisy: true };
    case 'drq-eps':
      return { head: 'dueling' };
  }
}

const cases = matrixCases(AGENTS, PRUNERS);

describe('IQN, M-IQN, DER and DrQ(epsilon) x torso x pruner compatibility', () => {
  afterEach(() => tf.disposeVariables());

  it.each(cases)('%s with a %s torso and pruner %s should train 200 updates and keep the masks', (agentKind, torso, prunerKind) => {
    const { observationShape, options, augmentation } = TORSOS[torso]!;
    const seed = 13;
    const networkFactory = new QNetworkFactory({ torso: torso as ArchitectureOptions['torso'], ...options, ...headOf(agentKind) });
    const dataEfficient = agentKind === 'der' || agentKind === 'drq-eps';
    const replayOptions = { capacity: 1_000, observationShape, observationDtype: 'float32' as const, nStep: dataEfficient ? 10 : 3, gamma: 0.99 };
    const replay = agentKind === 'der' ? new PrioritizedReplayBuffer(replayOptions) : new UniformReplayBuffer(replayOptions);
    const pruner = prunerKind === 'gmp' ? new GradualMagnitudePruner({ sparsity: SPARSITY, updateFrequency: 10, rng: Rng.fromSeed(seed).split('pruning') }) : undefined;
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
    let agent: ValueAgent;
    switch (agentKind) {
      case 'iqn':
        agent = new IQNAgent({ ...input, ...QUANTILES, double: true });
        break;
      case 'm-iqn':
        agent = new MunchausenIQNAgent({ ...input, ...QUANTILES });
        break;
      case 'der':
        agent = createDERAgent(input);
        break;
      case 'drq-eps':
        // DrQ(epsilon) copies the target every step; the 50-step period here checks masked syncs too.
        agent = createDrQEpsilonAgent({ ...input, augmentation });
        break;
    }
    expect(agent.totalUpdates).toBe(plannedUpdates({ totalSteps, minReplayHistory: MIN_REPLAY, updatePeriod: 1 }));
    expect(agent.totalUpdates).toBe(UPDATES);
    expect(agent.augmentation !== undefined).toBe(agentKind === 'drq-eps');

    const lastLoss = driveOnRandomData(agent, observationShape, totalSteps, Rng.fromSeed(seed).split('data'));
    expect(agent.updates).toBe(UPDATES);
    expect(Number.isFinite(lastLoss)).toBe(true);

    if (pruner) {
      const report = pruner.sparsity();
      expect(report.target).toBeCloseTo(SPARSITY, 6);
      expect(Math.abs(report.overall - SPARSITY)).toBeLessThan(0.01);
      expect(zerosWhereMasked(agent.online, pruner.masks())).toBe(0);
      agent.syncTarget();
      expect(zerosWhereMasked(agent.target, pruner.masks())).toBe(0);
    }
    agent.dispose();
  }, 120_000);
});

/**
 * The plasticity plugins of @prunerl/plasticity in the compatibility matrix: every agent (DQN,
 * compact Rainbow; the full Rainbow of DER, NoisyNet layers included, on the two small torsos) x every
 * torso x {weight decay, ReDo, Reset, feature normalisation}, each stacked with GMP, through the real
 * networks, replay, optimiser and pruner: 120 gradient updates on tiny observations. Each plugin must
 * have done its work (ReDo recycling on replay states, Reset re-initialising the head), the network
 * must still learn, and the masks must hold (masked weights exactly zero in the online network and,
 * after a target sync, in the target network) at the scheduled sparsity. (Each plugin alone is
 * covered by its own tests in @prunerl/plasticity.)
 */
import { DQNAgent, RainbowAgent, type ValueAgent } from '@prunerl/agents';
import { Rng, type Pruner, type UpdateHook } from '@prunerl/core';
import { QNetworkFactory, type ArchitectureOptions } from '@prunerl/networks';
import { LayerReset, ReDo, WeightDecay } from '@prunerl/plasticity';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { PrioritizedReplayBuffer, UniformReplayBuffer } from '@prunerl/replay';
import * as tf from '@tensorflow/tfjs-core';
import { driveOnRandomData, matrixAgentInput, matrixCases, matrixHead, MATRIX_TORSOS, zerosWhereMasked, type MatrixTorso } from '../support/matrix-support';

const TORSOS: Record<string, MatrixTorso> = MATRIX_TORSOS;
const AGENTS = ['dqn', 'rainbow', 'rainbow-full'] as const;
const PLUGINS = ['weight-decay', 'redo', 'reset', 'feature-norm'] as const;
const UPDATES = 120;
const MIN_REPLAY = 16;
const SPARSITY = 0.9;
const REDO_PERIOD = 40;
const RESET_PERIOD = 60;

const cases = matrixCases(AGENTS, PLUGINS);

describe('agent x torso x plasticity plugin (x GMP) compatibility', () => {
  afterEach(() => tf.disposeVariables());

  it.each(cases)('%s with a %s torso, %s and GMP should train, do its work and keep the masks', (agentKind, torso, plugin) => {
    const { observationShape, options } = TORSOS[torso]!;
    const seed = 13;
    const root = Rng.fromSeed(seed);
    const head = matrixHead(agentKind);
    const networkFactory = new QNetworkFactory({ torso: torso as ArchitectureOptions['torso'], ...options, ...head, ...(plugin === 'feature-norm' ? { featureNorm: true } : {}) });
    const replayOptions = { capacity: 1_000, observationShape, observationDtype: 'float32' as const, nStep: agentKind === 'dqn' ? 1 : 3, gamma: 0.99 };
    const replay = agentKind === 'dqn' ? new UniformReplayBuffer(replayOptions) : new PrioritizedReplayBuffer(replayOptions);
    // NoisyNet layers have sigma parameters: re-initialise them from a fresh network of the factory.
    const reinit = agentKind === 'rainbow-full' ? { reinit: 'network' as const, networkFactory } : {};
    let hook: UpdateHook | undefined;
    if (plugin === 'weight-decay') hook = new WeightDecay({ weightDecay: 1e-2 });
    if (plugin === 'redo') hook = new ReDo({ recyclePeriod: REDO_PERIOD, batchSize: 64, replay, rng: root.split('redo'), ...reinit });
    if (plugin === 'reset') hook = new LayerReset({ resetPeriod: RESET_PERIOD, rng: root.split('reset'), ...reinit });
    const pruner: Pruner = new GradualMagnitudePruner({ sparsity: SPARSITY, updateFrequency: 10, rng: root.split('pruning') });
    const totalSteps = MIN_REPLAY + UPDATES;
    const input = matrixAgentInput({
      networkFactory,
      replay,
      // The plugin before the pruner, as the runner orders them: the pruner re-applies its masks last.
      hooks: [...(hook ? [hook] : []), pruner],
      observationShape,
      minReplayHistory: MIN_REPLAY,
      totalSteps,
      seed,
    });
    const agent: ValueAgent = agentKind === 'dqn' ? new DQNAgent(input) : new RainbowAgent({ ...input, double: agentKind === 'rainbow-full' });
    const headBefore = agent.online.parameters().filter((p) => p.layer.startsWith('head/')).map((p) => Float32Array.from(p.variable.dataSync()));

    const lastLoss = driveOnRandomData(agent, observationShape, totalSteps, root.split('data'));
    expect(agent.updates).toBe(UPDATES);
    expect(Number.isFinite(lastLoss)).toBe(true);

    if (hook instanceof ReDo) {
      expect(hook.metrics()).toMatchObject({ events: Math.floor((UPDATES - 1) / REDO_PERIOD), scored_states: 64 });
      expect(hook.recyclingPlan()!.length).toBeGreaterThan(0);
    }
    if (hook instanceof LayerReset) {
      expect(hook.metrics()).toEqual({ resets: Math.floor((UPDATES - 1) / RESET_PERIOD) });
      expect(hook.layers()!.every((layer) => layer.startsWith('head/'))).toBe(true);
    }
    if (plugin === 'feature-norm') expect((agent.online as unknown as { architecture: { featureNorm?: boolean } }).architecture.featureNorm).toBe(true);
    // Every plugin and pruner left the network able to learn: the head moved from its initial values.
    const headAfter = agent.online.parameters().filter((p) => p.layer.startsWith('head/')).map((p) => Float32Array.from(p.variable.dataSync()));
    expect(headAfter).not.toEqual(headBefore);

    {
      const report = pruner.sparsity();
      expect(report.target).toBeCloseTo(SPARSITY, 6);
      // ReDo's zeroed outgoing weights stay zero while a recycled neuron is silent: more zeros, not fewer.
      if (hook instanceof ReDo) expect(report.overall).toBeGreaterThan(SPARSITY - 0.01);
      else expect(Math.abs(report.overall - SPARSITY)).toBeLessThan(0.01);
      expect(zerosWhereMasked(agent.online, pruner.masks())).toBe(0);
      agent.syncTarget();
      expect(zerosWhereMasked(agent.target, pruner.masks())).toBe(0);
    }
    agent.dispose();
  }, 120_000);
});

/**
 * The offline agents (CQL, CQL+C51) in the compatibility matrix, trained as an offline run trains
 * them: `trainStep()` from a `FixedReplayBuffer` over a logged dataset (random transitions here),
 * 200 gradient steps with the schedule's training fraction counting them. Every torso with GMP and
 * RigL, and the plasticity plugins (weight decay, ReDo, Reset) stacked with GMP on the two small
 * torsos: pruning must reach its scheduled sparsity, and masked weights must be exactly zero in the
 * online network and in the target network the agent itself last synced (every 20 gradient steps,
 * so after the final mask update at step 160).
 */
import { AdamOptimizer, CQLAgent, CQLC51Agent, type ValueAgent } from '@prunerl/agents';
import { Rng, type Pruner, type UpdateHook } from '@prunerl/core';
import { QNetworkFactory, type ArchitectureOptions } from '@prunerl/networks';
import { LayerReset, ReDo, WeightDecay } from '@prunerl/plasticity';
import { GradualMagnitudePruner, RigLPruner } from '@prunerl/pruning';
import { assembleDataset, FixedReplayBuffer, ShardBuilder, type DatasetSpec, type LoadedDataset } from '@prunerl/replay';
import * as tf from '@tensorflow/tfjs-core';
import { MATRIX_NUM_ACTIONS, MATRIX_TORSOS, zerosWhereMasked } from '../support/matrix-support';

const AGENTS = ['cql', 'cql-c51'] as const;
const VARIANTS = ['gmp', 'rigl', 'weight-decay', 'redo', 'reset'] as const;
const PLUGIN_TORSOS = ['mlp', 'minatar-cnn'];
const UPDATES = 200;
const SPARSITY = 0.9;

/** 600 logged transitions of random observations and rewards (episodes end with probability 0.05). */
function randomDataset(observationShape: readonly number[], rng: Rng): LoadedDataset {
  const spec: DatasetSpec = { environment: 'Matrix-v0', observationShape, observationDtype: 'float32', numActions: MATRIX_NUM_ACTIONS };
  const size = observationShape.reduce((a, b) => a * b, 1);
  const builder = new ShardBuilder(spec);
  let observation = rng.fillUniform(new Float32Array(size));
  for (let i = 0; i < 600; i++) {
    const nextObservation = rng.fillUniform(new Float32Array(size));
    const terminated = rng.bernoulli(0.05);
    builder.append({ observation, action: rng.uniformInt(0, MATRIX_NUM_ACTIONS), reward: rng.uniform() - 0.5, nextObservation, terminated, truncated: false }, 0.1);
    observation = terminated ? rng.fillUniform(new Float32Array(size)) : nextObservation;
  }
  const columns = builder.take();
  const manifest = { format: 'prunerl-dataset', version: 1, spec, source: {}, shardTransitions: 600, transitions: columns.count, shards: [{ file: 'shard-000000.bin', firstTransition: 0, transitions: columns.count, episodesEnded: 0, startsEpisode: true, endsEpisode: false, bytes: 1, crc32: 0 }] } as const;
  return assembleDataset(spec, [{ manifest, slices: [{ shard: 0, start: 0, end: columns.count, columns }] }]);
}

const cases = AGENTS.flatMap((agent) =>
  Object.keys(MATRIX_TORSOS).flatMap((torso) => VARIANTS.filter((v) => v === 'gmp' || v === 'rigl' || PLUGIN_TORSOS.includes(torso)).map((variant) => [agent, torso, variant] as const)),
);

describe('offline agent x torso x pruner (and plasticity plugin) compatibility', () => {
  afterEach(() => tf.disposeVariables());

  it.each(cases)('%s with a %s torso and %s should train offline and keep the masks in the online and target networks', (agentKind, torso, variant) => {
    const { observationShape, options } = MATRIX_TORSOS[torso as keyof typeof MATRIX_TORSOS];
    const root = Rng.fromSeed(17);
    const head: Partial<ArchitectureOptions> = agentKind === 'cql' ? { head: 'q' } : { head: 'c51', numAtoms: 11, vMax: 5, dueling: true };
    const networkFactory = new QNetworkFactory({ torso: torso as ArchitectureOptions['torso'], ...options, ...head });
    const replay = new FixedReplayBuffer({ dataset: randomDataset(observationShape, root.split('data')), observationShape, observationDtype: 'float32', nStep: agentKind === 'cql' ? 1 : 3 });
    const pruner: Pruner =
      variant === 'rigl'
        ? new RigLPruner({ sparsity: SPARSITY, updateFrequency: 25, dropFraction: 0.3, rng: root.split('pruning') })
        : new GradualMagnitudePruner({ sparsity: SPARSITY, updateFrequency: 10, rng: root.split('pruning') });
    let hook: UpdateHook | undefined;
    if (variant === 'weight-decay') hook = new WeightDecay({ weightDecay: 1e-2 });
    if (variant === 'redo') hook = new ReDo({ recyclePeriod: 40, batchSize: 64, replay, rng: root.split('redo') });
    if (variant === 'reset') hook = new LayerReset({ resetPeriod: 60, rng: root.split('reset') });
    const input = {
      networkFactory,
      replay,
      optimizer: new AdamOptimizer({ learningRate: 1e-3 }),
      hooks: [...(hook ? [hook] : []), pruner],
      numActions: MATRIX_NUM_ACTIONS,
      observationShape,
      batchSize: 8,
      minReplayHistory: 0,
      updatePeriod: 1,
      targetUpdatePeriod: 20,
      totalSteps: UPDATES,
      seed: 17,
    };
    const agent: ValueAgent = agentKind === 'cql' ? new CQLAgent(input) : new CQLC51Agent(input);
    expect(agent.totalUpdates).toBe(UPDATES);
    let loss = Number.NaN;
    for (let step = 0; step < UPDATES; step++) loss = agent.trainStep().loss!;
    expect(agent.updates).toBe(UPDATES);
    expect(agent.steps).toBe(0);
    expect(agent.targetSyncs).toBe(UPDATES / 20);
    expect(Number.isFinite(loss)).toBe(true);
    if (hook instanceof ReDo) expect(hook.metrics()).toMatchObject({ events: Math.floor((UPDATES - 1) / 40) });
    if (hook instanceof LayerReset) expect(hook.metrics()).toEqual({ resets: Math.floor((UPDATES - 1) / 60) });

    const report = pruner.sparsity();
    expect(report.target).toBeCloseTo(SPARSITY, 6);
    if (hook instanceof ReDo) expect(report.overall).toBeGreaterThan(SPARSITY - 0.01);
    else expect(Math.abs(report.overall - SPARSITY)).toBeLessThan(0.01);
    expect(zerosWhereMasked(agent.online, pruner.masks())).toBe(0);
    // The agent's own last sync (gradient step 180) came after the final masks (step 160).
    expect(zerosWhereMasked(agent.target, pruner.masks())).toBe(0);
    agent.dispose();
  }, 120_000);
});

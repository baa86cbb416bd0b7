import { agents, optimizers, Rng } from '@prunerl/core';
import { FakeNetworkFactory, FakeReplayBuffer } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { DrQAugmentation } from '../augmentation/drq-augmentation';
import { DQNAgent } from '../dqn/dqn-agent';
import { IQNAgent } from '../iqn/iqn-agent';
import { MunchausenIQNAgent } from '../munchausen/munchausen-iqn-agent';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { RainbowAgent } from '../rainbow/rainbow-agent';
import { registerAgents } from './register-agents';

describe('registerAgents', () => {
  afterEach(() => tf.disposeVariables());

  it('should register the agents and the optimisers by name, idempotently', () => {
    expect(registerAgents()).toEqual(['dqn', 'rainbow', 'iqn', 'm-iqn', 'der', 'drq-eps', 'cql', 'cql-c51', 'sac', 'ppo', 'adam', 'rmsprop-centered', 'rmsprop']);
    registerAgents();
    expect(agents.names()).toEqual(expect.arrayContaining(['dqn', 'rainbow']));
    const adam = optimizers.get('adam')({ learningRate: 1e-3 });
    expect(adam).toBeInstanceOf(AdamOptimizer);
    const components = {
      networkFactory: new FakeNetworkFactory(),
      replay: new FakeReplayBuffer({ observationShape: [3] }),
      optimizer: adam,
      hooks: [],
      numActions: 2,
      observationShape: [3],
    };
    const dqn = agents.get('dqn')(components, { minReplayHistory: 5, double: true }, { rng: Rng.fromSeed(1).split('agent') });
    expect(dqn).toBeInstanceOf(DQNAgent);
    expect((dqn as DQNAgent).double).toBe(true);
    const rainbow = agents.get('rainbow')(
      { ...components, networkFactory: new FakeNetworkFactory({ head: { kind: 'c51', numAtoms: 11 } }), optimizer: optimizers.get('adam')({}) },
      {},
      { rng: Rng.fromSeed(1).split('agent') },
    );
    expect(rainbow).toBeInstanceOf(RainbowAgent);
    expect(() => agents.get('dqn')(components, { gamma: 0.9 }, { rng: Rng.fromSeed(1) })).toThrow(/DQNAgent options.gamma/);
  });

  it('should build IQN, M-IQN, DER and DrQ(epsilon) with their defaults under the given options', () => {
    registerAgents();
    const context = { rng: Rng.fromSeed(2).split('agent') };
    const base = { replay: new FakeReplayBuffer({ observationShape: [3] }), hooks: [], numActions: 2, observationShape: [3] };
    const quantile = { ...base, networkFactory: new FakeNetworkFactory({ head: { kind: 'quantile' } }) };
    const iqn = agents.get('iqn')({ ...quantile, optimizer: new AdamOptimizer() }, { numTauSamples: 8, double: true }, context) as IQNAgent;
    expect(iqn).toBeInstanceOf(IQNAgent);
    expect([iqn.kind, iqn.numTauSamples, iqn.numTauPrimeSamples, iqn.numQuantileSamples, iqn.kappa, iqn.double]).toEqual(['iqn', 8, 64, 32, 1, true]);
    const miqn = agents.get('m-iqn')({ ...quantile, optimizer: new AdamOptimizer() }, { alpha: 0.5 }, context) as MunchausenIQNAgent;
    expect(miqn).toBeInstanceOf(MunchausenIQNAgent);
    expect([miqn.kind, miqn.temperature, miqn.alpha, miqn.logPolicyClip]).toEqual(['m-iqn', 0.03, 0.5, -1]);

    const noisyC51 = new FakeNetworkFactory({ head: { kind: 'c51', numAtoms: 11, noisy: true } });
    const der = agents.get('der')({ ...base, networkFactory: noisyC51, optimizer: new AdamOptimizer() }, { targetUpdatePeriod: 500 }, context) as RainbowAgent;
    expect(der).toBeInstanceOf(RainbowAgent);
    expect(der.double).toBe(true);
    expect(der.settings).toMatchObject({ minReplayHistory: 1_600, updatePeriod: 1, targetUpdatePeriod: 500, epsilonDecayPeriod: 2_000, epsilonSchedule: 'constant' });
    expect(der.epsilon).toBe(0.01);

    const image = { ...base, replay: new FakeReplayBuffer({ observationShape: [5, 5, 2] }), observationShape: [5, 5, 2] };
    const dueling = new FakeNetworkFactory({ head: { kind: 'dueling' } });
    const drq = agents.get('drq-eps')({ ...image, networkFactory: dueling, optimizer: new AdamOptimizer() }, {}, context) as DQNAgent;
    expect(drq).toBeInstanceOf(DQNAgent);
    expect([drq.lossKind, drq.double]).toEqual(['huber', true]);
    expect(drq.settings).toMatchObject({ minReplayHistory: 1_600, updatePeriod: 1, targetUpdatePeriod: 1, epsilonDecayPeriod: 5_000 });
    expect(drq.augmentation).toBeInstanceOf(DrQAugmentation);
    expect((drq.augmentation as DrQAugmentation).pad).toBe(4);
    const padded = agents.get('drq-eps')({ ...image, networkFactory: dueling, optimizer: new AdamOptimizer() }, { augmentation: { pad: 2 } }, context) as DQNAgent;
    expect((padded.augmentation as DrQAugmentation).pad).toBe(2);
    // DrQ's padding needs image observations.
    expect(() => agents.get('drq-eps')({ ...base, networkFactory: dueling, optimizer: new AdamOptimizer() }, {}, context)).toThrow(/DQNAgent.augmentation: expected image observations/);
  });
});

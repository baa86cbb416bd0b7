import { agents, optimizers, Rng } from '@prunerl/core';
import { FakeNetworkFactory, FakeReplayBuffer } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { DQNAgent } from '../dqn/dqn-agent';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { RainbowAgent } from '../rainbow/rainbow-agent';
import { registerAgents } from './register-agents';

describe('registerAgents', () => {
  afterEach(() => tf.disposeVariables());

  it('should register dqn, rainbow and the optimisers by name, idempotently', () => {
    expect(registerAgents()).toEqual(['dqn', 'rainbow', 'adam', 'rmsprop-centered', 'rmsprop']);
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
});

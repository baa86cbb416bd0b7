import { agents, Box, ConfigError, Discrete, Rng } from '@prunerl/core';
import { FakeNetworkFactory, FakeReplayBuffer } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { CQL_C51_DESCRIPTOR } from '../cql/cql-c51-descriptor';
import { CQL_DESCRIPTOR } from '../cql/cql-descriptor';
import { DQNAgent, type DQNOptions } from '../dqn/dqn-agent';
import { DQN_DESCRIPTOR } from '../dqn/dqn-descriptor';
import { IQN_DESCRIPTOR } from '../iqn/iqn-descriptor';
import { MUNCHAUSEN_IQN_DESCRIPTOR } from '../munchausen/munchausen-iqn-descriptor';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { PPO_DESCRIPTOR } from '../ppo/ppo-descriptor';
import { RAINBOW_DESCRIPTOR } from '../rainbow/rainbow-descriptor';
import { SACAgent } from '../sac/sac-agent';
import { SAC_DESCRIPTOR } from '../sac/sac-descriptor';
import type { SACComponents, SACOptions } from '../sac/sac-options';
import { actionKindsOf, agentRegistration, checkAgentOptions, type AgentDescriptor } from './agent-descriptor';
import { AGENT_DESCRIPTORS, AGENT_NAMES, agentDescriptor, type AgentOptionsOf } from './agent-descriptors';
import { registerAgents } from './register-agents';

describe('AGENT_DESCRIPTORS', () => {
  afterEach(() => tf.disposeVariables());

  it('should be what registerAgents registers, name by name', () => {
    registerAgents();
    expect(AGENT_NAMES).toEqual(['dqn', 'rainbow', 'iqn', 'm-iqn', 'der', 'drq-eps', 'cql', 'cql-c51', 'sac', 'ppo']);
    for (const descriptor of AGENT_DESCRIPTORS) {
      expect(agents.list().find((entry) => entry.name === descriptor.name)?.description).toBe(descriptor.description);
    }
    expect(agentDescriptor('m-iqn')).toBe(MUNCHAUSEN_IQN_DESCRIPTOR);
    expect(() => agentDescriptor('ppo-x' as never, 'preset agent')).toThrow(/preset agent: expected one of "dqn", "rainbow"/);
    // Types follow the rows: the options of `dqn` are DQNOptions.
    const options: AgentOptionsOf<'dqn'> = { loss: 'huber' } satisfies DQNOptions;
    expect(options.loss).toBe('huber');
  });

  it('should say which heads each agent works with', () => {
    expect(Object.fromEntries(AGENT_DESCRIPTORS.map((d) => [d.name, d.heads]))).toEqual({
      dqn: ['q', 'dueling'],
      'drq-eps': ['q', 'dueling'],
      rainbow: ['c51'],
      der: ['c51'],
      iqn: ['quantile'],
      'm-iqn': ['quantile'],
      cql: ['q', 'dueling'],
      'cql-c51': ['c51'],
      sac: ['q'],
      ppo: ['q'],
    });
    expect(AGENT_DESCRIPTORS.filter((d) => actionKindsOf(d).includes('continuous')).map((d) => d.name)).toEqual(['sac', 'ppo']);
    expect(actionKindsOf(PPO_DESCRIPTOR)).toEqual(['discrete', 'continuous']);
    expect(actionKindsOf(DQN_DESCRIPTOR)).toEqual(['discrete']);
  });
});

describe(checkAgentOptions.name, () => {
  it('should refuse unknown names and bad values, naming the field, without building an agent', () => {
    expect(() => checkAgentOptions(DQN_DESCRIPTOR, 'opts', { loss: 'huber', double: true, batchSize: 8, augmentation: { pad: 1 } })).not.toThrow();
    expect(() => checkAgentOptions(DQN_DESCRIPTOR, 'opts', { gamma: 0.9 } as never)).toThrow(/opts\.gamma/);
    expect(() => checkAgentOptions(DQN_DESCRIPTOR, 'opts', { loss: 'l1' } as never)).toThrow(/opts\.loss: expected one of "mse", "huber"/);
    expect(() => checkAgentOptions(DQN_DESCRIPTOR, 'opts', { batchSize: 0 })).toThrow(/opts\.batchSize/);
    expect(() => checkAgentOptions(RAINBOW_DESCRIPTOR, 'opts', { noisy: 'yes' } as never)).toThrow(/opts\.noisy/);
    expect(() => checkAgentOptions(IQN_DESCRIPTOR, 'opts', { temperature: 0.03 } as never)).toThrow(/opts\.temperature/);
    expect(() => checkAgentOptions(MUNCHAUSEN_IQN_DESCRIPTOR, 'opts', { alpha: 2 })).toThrow(ConfigError);
    expect(() => checkAgentOptions(CQL_DESCRIPTOR, 'opts', { cqlCoefficient: 0.5, loss: 'mse', double: true })).not.toThrow();
    expect(() => checkAgentOptions(CQL_DESCRIPTOR, 'opts', { cqlCoefficient: -1 })).toThrow(/opts\.cqlCoefficient/);
    expect(() => checkAgentOptions(CQL_C51_DESCRIPTOR, 'opts', { loss: 'mse' } as never)).toThrow(/opts\.loss/);
    expect(() => checkAgentOptions(CQL_C51_DESCRIPTOR, 'opts', { tdCoefficient: 'one' } as never)).toThrow(/opts\.tdCoefficient/);
    // SAC's options are all its own: none of the value agents' (epsilon, target copies, augmentation).
    expect(() => checkAgentOptions(SAC_DESCRIPTOR, 'opts', { batchSize: 64, tau: 0.01, rewardScale: 1, minReplayHistory: 100 })).not.toThrow();
    expect(() => checkAgentOptions(SAC_DESCRIPTOR, 'opts', { epsilonTrain: 0.01 } as never)).toThrow(/opts\.epsilonTrain/);
    expect(() => checkAgentOptions(SAC_DESCRIPTOR, 'opts', { augmentation: { pad: 1 } } as never)).toThrow(/opts\.augmentation/);
    expect(() => checkAgentOptions(SAC_DESCRIPTOR, 'opts', { tau: 2 })).toThrow(/opts\.tau/);
    // Its update schedule with its own defaults (one gradient step per env step after 1,000 random steps).
    expect(SAC_DESCRIPTOR.updateSchedule!({})).toEqual({ minReplayHistory: 1_000, updatePeriod: 1, updatesPerStep: 1 });
    expect(SAC_DESCRIPTOR.updateSchedule!({ updatePeriod: 2 })).toEqual({ minReplayHistory: 1_000, updatePeriod: 2, updatesPerStep: 1 });
  });
});

describe(agentRegistration.name, () => {
  it('should turn a descriptor of one\'s own into a registry factory that takes the context\'s stream', () => {
    const mine: AgentDescriptor<'dqn-huber', DQNOptions> = { ...DQN_DESCRIPTOR, name: 'dqn-huber', description: 'DQN with the Huber loss', create: (input) => new DQNAgent({ loss: 'huber', ...input }) };
    const factory = agentRegistration(mine);
    const components = { networkFactory: new FakeNetworkFactory(), replay: new FakeReplayBuffer({ observationShape: [3] }), optimizer: new AdamOptimizer(), hooks: [], numActions: 2, observationShape: [3] };
    const a = factory(components, { minReplayHistory: 5 }, { rng: Rng.fromSeed(4).split('agent') }) as DQNAgent;
    const b = new DQNAgent({ ...components, optimizer: new AdamOptimizer(), minReplayHistory: 5, loss: 'huber', rng: Rng.fromSeed(4).split('agent') });
    expect(a.lossKind).toBe('huber');
    expect(a.act(Float32Array.from([1, 2, 3]), 'eval')).toBe(b.act(Float32Array.from([1, 2, 3]), 'eval'));
    a.dispose();
    b.dispose();
  });

  it('should give a continuous agent the action space, and refuse one of the other kind on either side', () => {
    const space = new Box({ low: [-2], high: [2], shape: [1], dtype: 'float32' });
    const components = { networkFactory: new FakeNetworkFactory({ hidden: [4] }), replay: new FakeReplayBuffer({ observationShape: [3], actionSize: 1 }), optimizer: new AdamOptimizer(), hooks: [], numActions: 1, observationShape: [3] };
    const sac = agentRegistration(SAC_DESCRIPTOR)({ ...components, actionSpace: space }, { minReplayHistory: 5 }, { rng: Rng.fromSeed(4).split('agent') });
    expect(sac).toBeInstanceOf(SACAgent);
    expect((sac as SACAgent).actionSpace).toBe(space);
    expect(sac.act(Float32Array.from([1, 2, 3]), 'eval')).toBeInstanceOf(Float32Array);
    sac.dispose();
    expect(() => agentRegistration(SAC_DESCRIPTOR)(components, {}, { rng: Rng.fromSeed(4) })).toThrow(/components\.actionSpace: expected the environment's action space/);
    expect(() => agentRegistration(SAC_DESCRIPTOR)({ ...components, actionSpace: new Discrete(2) }, {}, { rng: Rng.fromSeed(4) })).toThrow(
      /actionSpace: expected a float32 Box action space: agent "sac" takes continuous actions, got "Discrete\(2\)"/,
    );
    expect(() => agentRegistration(DQN_DESCRIPTOR)({ ...components, actionSpace: space }, {}, { rng: Rng.fromSeed(4) })).toThrow(
      /actionSpace: expected a Discrete action space: agent "dqn" takes discrete actions/,
    );
    // An agent of either kind gets the action space whichever it is.
    const either: AgentDescriptor<'either', SACOptions, SACComponents> = { ...SAC_DESCRIPTOR, name: 'either', actions: ['discrete', 'continuous'], create: (input) => ({ kind: String(input.actionSpace) }) as never };
    expect(agentRegistration(either)({ ...components, actionSpace: new Discrete(3) }, {}, { rng: Rng.fromSeed(4) }).kind).toBe('Discrete(3)');
  });
});

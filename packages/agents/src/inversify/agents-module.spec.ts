import { Box, ConfigError, Rng, TOKENS, type Action, type Agent, type UpdateHook } from '@prunerl/core';
import { FakeNetworkFactory, FakeReplayBuffer, RecordingUpdateHook, type HookCall } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { Container } from 'inversify';
import { DrQAugmentation } from '../augmentation/drq-augmentation';
import { DQNAgent } from '../dqn/dqn-agent';
import { IQNAgent } from '../iqn/iqn-agent';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { RainbowAgent } from '../rainbow/rainbow-agent';
import { SACAgent } from '../sac/sac-agent';
import { agentsModule } from './agents-module';

describe('agentsModule', () => {
  afterEach(() => tf.disposeVariables());

  it('should resolve an agent from the bound network factory, buffer, optimiser and multi-bound hooks', () => {
    const container = new Container();
    const log: HookCall[] = [];
    container.bind(TOKENS.NetworkFactory).toConstantValue(new FakeNetworkFactory());
    container.bind(TOKENS.ReplayBuffer).toConstantValue(new FakeReplayBuffer({ observationShape: [2] }));
    container.bind<UpdateHook>(TOKENS.UpdateHook).toConstantValue(new RecordingUpdateHook('a', log));
    container.bind<UpdateHook>(TOKENS.UpdateHook).toConstantValue(new RecordingUpdateHook('b', log));
    container.bind(TOKENS.Rng).toConstantValue(Rng.fromSeed(5));
    container.bind(TOKENS.AgentOptions).toConstantValue({ batchSize: 8, minReplayHistory: 50 });
    container.loadSync(
      agentsModule({
        agent: 'dqn',
        numActions: 2,
        observationShape: [2],
        options: { minReplayHistory: 3, updatePeriod: 1 },
        optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 3.125e-4 },
      }),
    );
    const agent = container.get<Agent>(TOKENS.Agent);
    expect(agent).toBeInstanceOf(DQNAgent);
    expect(container.get<Agent>(TOKENS.Agent)).toBe(agent);
    const dqn = agent as DQNAgent;
    expect(dqn.settings.batchSize).toBe(8);
    expect(dqn.settings.minReplayHistory).toBe(3);
    expect((dqn.optimizer as AdamOptimizer).epsilon).toBe(3.125e-4);
    expect(dqn.hooks.map((h) => h.name)).toEqual(['a', 'b']);
    for (let i = 0; i < 12; i++) {
      const obs = Float32Array.from([i, -i]);
      dqn.observe({ observation: obs, action: dqn.act(obs, 'train'), reward: 1, nextObservation: obs, terminated: false, truncated: false });
    }
    expect(log.filter((c) => c.method === 'afterUpdate')).toHaveLength(2 * dqn.updates);
  });

  it('should work without hooks or a run Rng, and bind rainbow by name', () => {
    const container = new Container();
    container.bind(TOKENS.NetworkFactory).toConstantValue(new FakeNetworkFactory({ head: { kind: 'c51', numAtoms: 5 } }));
    container.bind(TOKENS.ReplayBuffer).toConstantValue(new FakeReplayBuffer({ observationShape: [2], prioritized: true }));
    container.bind(TOKENS.Optimizer).toConstantValue(new AdamOptimizer());
    container.loadSync(agentsModule({ agent: 'rainbow', numActions: 3, observationShape: [2] }));
    const agent = container.get<Agent>(TOKENS.Agent);
    expect(agent).toBeInstanceOf(RainbowAgent);
    expect((agent as RainbowAgent).hooks).toEqual([]);
  });

  it('should bind iqn by name and pass a bound augmentation to the agent', () => {
    const container = new Container();
    const augmentation = new DrQAugmentation({ pad: 0, intensityScale: 0.1 });
    container.bind(TOKENS.NetworkFactory).toConstantValue(new FakeNetworkFactory({ head: { kind: 'quantile' } }));
    container.bind(TOKENS.ReplayBuffer).toConstantValue(new FakeReplayBuffer({ observationShape: [2] }));
    container.bind(TOKENS.Optimizer).toConstantValue(new AdamOptimizer());
    container.bind(TOKENS.Augmentation).toConstantValue(augmentation);
    container.loadSync(agentsModule({ agent: 'iqn', numActions: 3, observationShape: [2], options: { numQuantileSamples: 4 } }));
    const agent = container.get<Agent>(TOKENS.Agent) as IQNAgent;
    expect(agent).toBeInstanceOf(IQNAgent);
    expect(agent.numQuantileSamples).toBe(4);
    expect(agent.augmentation).toBe(augmentation);
  });

  it('should bind sac by name with the action space, its pruner seeing the actor and both critics', () => {
    const container = new Container();
    let seen: string[] = [];
    const actionSpace = new Box({ low: [-2], high: [2], shape: [1], dtype: 'float32' });
    container.bind(TOKENS.NetworkFactory).toConstantValue(new FakeNetworkFactory({ hidden: [4] }));
    container.bind(TOKENS.ReplayBuffer).toConstantValue(new FakeReplayBuffer({ observationShape: [2], actionSize: 1 }));
    container.bind(TOKENS.Optimizer).toConstantValue(new AdamOptimizer());
    container.bind<UpdateHook>(TOKENS.UpdateHook).toConstantValue({ name: 'pruner', afterUpdate: (context) => void (seen = context.parameters.map((p) => p.name)) });
    container.loadSync(agentsModule({ agent: 'sac', observationShape: [2], actionSpace, options: { minReplayHistory: 4, batchSize: 2 } }));
    const agent = container.get<Agent<Action>>(TOKENS.Agent) as SACAgent;
    expect(agent).toBeInstanceOf(SACAgent);
    for (let i = 0; i < 6; i++) {
      const obs = Float32Array.from([i, -i]);
      agent.observe({ observation: obs, action: agent.act(obs, 'train'), reward: 1, nextObservation: obs, terminated: false, truncated: false });
    }
    expect(agent.updates).toBe(2);
    const networks = new Set(seen.map((name) => name.split('/')[0]));
    expect([...networks]).toEqual(['actor', 'critic1', 'critic2']);
    expect(() => agentsModule({ agent: 'sac', observationShape: [2] })).toThrow(/agentsModule.numActions/);
  });

  it('should fail at module creation on bad options', () => {
    expect(() => agentsModule({ agent: 'nope', numActions: 2, observationShape: [2] })).toThrow(/agents: expected one of/);
    expect(() => agentsModule({ agent: 'dqn', numActions: 0, observationShape: [2] })).toThrow(/agentsModule.numActions/);
    expect(() => agentsModule({ agent: 'dqn', numActions: 2, observationShape: [2], optimizer: { kind: 'adam', epsilon: 0 } })).toThrow(ConfigError);
    expect(() => agentsModule({ agent: 'dqn', numActions: 2, observationShape: [2], extra: 1 } as never)).toThrow(/agentsModule options.extra/);
  });
});

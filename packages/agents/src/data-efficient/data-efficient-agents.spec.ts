import type { Transition, TypedArray } from '@prunerl/core';
import { expectNoTensorLeakSync, FakeNetworkFactory, FakeReplayBuffer, type FakeHeadOptions } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { DrQAugmentation } from '../augmentation/drq-augmentation';
import { DQNAgent } from '../dqn/dqn-agent';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { RainbowAgent } from '../rainbow/rainbow-agent';
import { createDERAgent, DER_AGENT_OPTIONS } from './der-agent';
import { createDrQEpsilonAgent, DRQ_EPSILON_AGENT_OPTIONS } from './drq-epsilon-agent';

const IMAGE = [6, 6, 2];

function components(head: FakeHeadOptions, observationShape = IMAGE) {
  return {
    networkFactory: new FakeNetworkFactory({ hidden: [8], head }),
    replay: new FakeReplayBuffer({ observationShape }),
    optimizer: new AdamOptimizer({ learningRate: 1e-3 }),
    numActions: 3,
    observationShape,
    seed: 4,
  };
}

function transition(i: number): Transition<TypedArray> {
  const image = (k: number): Float32Array => Float32Array.from({ length: 72 }, (_, j) => (Math.sin(k * 72 + j) > 0 ? 1 : 0));
  return { observation: image(i), action: i % 3, reward: i % 5 === 0 ? 1 : 0, nextObservation: image(i + 1), terminated: i % 11 === 10, truncated: false };
}

describe('createDERAgent', () => {
  afterEach(() => tf.disposeVariables());

  it("should be a double-DQN Rainbow with PAPER.md Table 1's DER values", () => {
    expect(DER_AGENT_OPTIONS).toMatchObject({ minReplayHistory: 1_600, updatePeriod: 1, targetUpdatePeriod: 2_000, epsilonDecayPeriod: 2_000, batchSize: 32, double: true });
    const agent = createDERAgent(components({ kind: 'c51', numAtoms: 11, noisy: true }));
    expect(agent).toBeInstanceOf(RainbowAgent);
    expect(agent.double).toBe(true);
    expect(agent.noisy).toBe(true);
    // Dopamine's noisy agents use identity_epsilon: epsilon_train from the start.
    expect(agent.settings.epsilonSchedule).toBe('constant');
    expect(agent.epsilon).toBe(0.01);
    expect(agent.settings).toMatchObject({ minReplayHistory: 1_600, updatePeriod: 1, targetUpdatePeriod: 2_000 });
  });

  it('should let the input win, except where it leaves a value undefined', () => {
    const agent = createDERAgent({ ...components({ kind: 'c51', numAtoms: 11 }), targetUpdatePeriod: 10, double: false, minReplayHistory: undefined });
    expect(agent.double).toBe(false);
    expect(agent.settings.targetUpdatePeriod).toBe(10);
    expect(agent.settings.minReplayHistory).toBe(1_600);
    // Without NoisyNet the DER.gin linear schedule applies.
    expect(agent.settings.epsilonSchedule).toBe('linear');
    expect(() => createDERAgent({ ...components({ kind: 'q' }) })).toThrow(/RainbowAgent.networkFactory.head/);
  });
});

describe('createDrQEpsilonAgent', () => {
  afterEach(() => tf.disposeVariables());

  it("should be a double DQN with Huber loss and DrQ's augmentation, PAPER.md Table 1's DrQ(epsilon) values", () => {
    expect(DRQ_EPSILON_AGENT_OPTIONS).toMatchObject({ minReplayHistory: 1_600, updatePeriod: 1, targetUpdatePeriod: 1, epsilonDecayPeriod: 5_000, loss: 'huber', double: true });
    const agent = createDrQEpsilonAgent(components({ kind: 'dueling' }));
    expect(agent).toBeInstanceOf(DQNAgent);
    expect([agent.lossKind, agent.double]).toEqual(['huber', true]);
    expect(agent.augmentation).toBeInstanceOf(DrQAugmentation);
    expect([(agent.augmentation as DrQAugmentation).pad, (agent.augmentation as DrQAugmentation).intensityScale]).toEqual([4, 0.05]);
    expect(createDrQEpsilonAgent({ ...components({ kind: 'dueling' }), augmentation: undefined }).augmentation).toBeInstanceOf(DrQAugmentation);
    const custom = new DrQAugmentation({ pad: 1 });
    expect(createDrQEpsilonAgent({ ...components({ kind: 'dueling' }), augmentation: custom }).augmentation).toBe(custom);
  });

  it('should train on augmented image batches, syncing the target every step, without leaking', () => {
    const agent = createDrQEpsilonAgent({ ...components({ kind: 'dueling' }), minReplayHistory: 12, batchSize: 4, augmentation: { pad: 1 } });
    for (let s = 0; s < 14; s++) agent.observe(transition(s));
    expectNoTensorLeakSync(() => {
      for (let s = 14; s < 64; s++) {
        agent.act(transition(s).observation, 'train');
        agent.observe(transition(s));
      }
    }, { label: 'DrQ(epsilon) over 50 steps' });
    expect(agent.updates).toBe(52);
    expect(agent.targetSyncs).toBe(52);
    const online = agent.online.parameters().map((p) => Array.from(p.variable.dataSync()));
    expect(agent.target.parameters().map((p) => Array.from(p.variable.dataSync()))).toEqual(online);
  });
});

import type { Batch, Transition, TypedArray } from '@prunerl/core';
import { expectNoTensorLeakSync, FakeNetworkFactory, FakeReplayBuffer, RecordingUpdateHook } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { batchOf as sharedBatchOf, setLinear, type BatchRows } from '../testing/batch-of.fixture';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { RainbowAgent, type RainbowAgentInput } from './rainbow-agent';

const OBS = [2];

function c51Factory(numAtoms = 3, vMax = 1, extra: { noisy?: boolean; hidden?: number[] } = {}): FakeNetworkFactory {
  return new FakeNetworkFactory({ hidden: extra.hidden ?? [], head: { kind: 'c51', numAtoms, vMin: -vMax, vMax, noisy: extra.noisy } });
}

function makeAgent(options: Partial<RainbowAgentInput> = {}): RainbowAgent {
  return new RainbowAgent({
    networkFactory: c51Factory(),
    replay: new FakeReplayBuffer({ observationShape: OBS, prioritized: true }),
    optimizer: new AdamOptimizer({ learningRate: 1e-2 }),
    numActions: 2,
    observationShape: OBS,
    batchSize: 4,
    minReplayHistory: 10,
    updatePeriod: 1,
    targetUpdatePeriod: 5,
    epsilonDecayPeriod: 20,
    seed: 3,
    ...options,
  });
}

function batchOf(rows: BatchRows): Batch {
  return sharedBatchOf(OBS, rows, 10);
}

const softmax = (logits: number[]): number[] => {
  const m = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - m));
  const s = e.reduce((a, x) => a + x, 0);
  return e.map((x) => x / s);
};

function transition(i: number): Transition<TypedArray> {
  return {
    observation: Float32Array.from([Math.sin(i), Math.cos(i)]),
    action: i % 2,
    reward: i % 4 === 0 ? 1 : 0,
    nextObservation: Float32Array.from([Math.sin(i + 1), Math.cos(i + 1)]),
    terminated: i % 9 === 8,
    truncated: false,
  };
}

describe('RainbowAgent', () => {
  afterEach(() => tf.disposeVariables());

  describe('constructor', () => {
    it('should need a distributional head', () => {
      expect(() => makeAgent({ networkFactory: new FakeNetworkFactory() })).toThrow(/RainbowAgent.networkFactory.head: expected a distributional head/);
    });

    it("should tie noisy to the head and then explore with noise and Dopamine's constant epsilon_train", () => {
      expect(() => makeAgent({ noisy: true })).toThrow(/RainbowAgent.noisy/);
      const noisy = makeAgent({ networkFactory: c51Factory(3, 1, { noisy: true }) });
      expect(noisy.noisy).toBe(true);
      expect(noisy.epsilon).toBe(0.01);
      expect(makeAgent({ networkFactory: c51Factory(3, 1, { noisy: true }), epsilonTrain: 0.05 }).epsilon).toBe(0.05);
      expect(makeAgent({ networkFactory: c51Factory(3, 1, { noisy: true }), epsilonSchedule: 'linear' }).epsilon).toBe(1);
      expect(makeAgent().epsilon).toBe(1);
      expect(() => makeAgent({ double: 'yes' as never })).toThrow(/RainbowAgent.double/);
    });
  });

  describe('.update', () => {
    it('should minimise the cross-entropy to the projected target distribution (hand-computed)', () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ replay });
      setLinear(agent.online, [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]], [0, 0, 0, 0, 0, 0]);
      setLinear(agent.target, [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]], [0, 0, 0, 0, 0, 0]);
      // Uniform next distributions on [-1, 0, 1]; r = 0.5, discount 0.5 -> atoms 0, 0.5, 1 of 1/3 each
      // -> projected [0, 1/2, 1/2]. Online distribution uniform: cross-entropy = log 3.
      replay.enqueueBatch(batchOf({ obs: [[1, 0]], actions: [1], rewards: [0.5], next: [[0, 1]], discounts: [0.5] }));
      expect(agent.update()).toBeCloseTo(Math.log(3), 5);
    });

    it('should take the target distribution of the greedy next action (online-greedy with double)', () => {
      for (const double of [false, true]) {
        const replay = new FakeReplayBuffer({ observationShape: OBS });
        const agent = makeAgent({ replay, double });
        // Target net at next = [0, 1]: action 0 logits [2, 0, 0] (mean < 0), action 1 logits [0, 0, 2] (mean > 0).
        setLinear(agent.target, [[0, 0, 0, 0, 0, 0], [2, 0, 0, 0, 0, 2]], [0, 0, 0, 0, 0, 0]);
        // Online net prefers action 0 at next (and gives logits [1, 0, 0] for action 0 at s = [1, 0]).
        setLinear(agent.online, [[1, 0, 0, 0, 0, 0], [0, 0, 3, 3, 0, 0]], [0, 0, 0, 0, 0, 0]);
        replay.enqueueBatch(batchOf({ obs: [[1, 0]], actions: [0], rewards: [0], next: [[0, 1]], discounts: [1] }));
        // Discount 1, reward 0: the projection is the identity, so the target is the chosen distribution.
        const target = double ? softmax([2, 0, 0]) : softmax([0, 0, 2]);
        const online = softmax([1, 0, 0]);
        const expected = -target.reduce((a, t, i) => a + t * Math.log(online[i]!), 0);
        expect(agent.update()).toBeCloseTo(expected, 5);
      }
    });

    it("should weight the loss by Dopamine's 1/sqrt(p) normalised by its max and set priorities sqrt(loss + 1e-10)", () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS, prioritized: true });
      const agent = makeAgent({ replay });
      setLinear(agent.online, [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]], [0, 0, 0, 0, 0, 0]);
      setLinear(agent.target, [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]], [0, 0, 0, 0, 0, 0]);
      // Both samples terminal with reward 1 (all mass on z = 1): loss log 3 each; with reward 0.5 the
      // target is [0, 1/2, 1/2]: loss log 3 too. Weights 1/sqrt(0.1), 1/sqrt(0.4) -> 1, 0.5.
      replay.enqueueBatch(batchOf({ obs: [[1, 0], [0, 1]], actions: [0, 1], rewards: [1, 0.5], next: [[0, 0], [0, 0]], discounts: [0, 0], probabilities: [0.1, 0.4] }));
      expect(agent.update()).toBeCloseTo((Math.log(3) * (1 + 0.5)) / 2, 5);
      const { indices, priorities } = replay.priorityUpdates[0]!;
      expect(Array.from(indices)).toEqual([10, 11]);
      priorities.forEach((p) => expect(p).toBeCloseTo(Math.sqrt(Math.log(3) + 1e-10), 5));
    });

    it('should leave priorities alone with a uniform buffer', () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ replay, minReplayHistory: 4 });
      for (let s = 0; s < 8; s++) agent.observe(transition(s));
      expect(agent.updates).toBe(4);
      expect(replay.priorityUpdates).toHaveLength(0);
    });
  });

  describe('.act', () => {
    it('should act on the expected value of each action', () => {
      const agent = makeAgent({ epsilonEval: 0 });
      // Action 0: mass on -1; action 1: mass on +1, at s = [1, 0].
      setLinear(agent.online, [[5, 0, 0, 0, 0, 5], [0, 0, 0, 0, 0, 0]], [0, 0, 0, 0, 0, 0]);
      expect(agent.act(Float32Array.from([1, 0]), 'eval')).toBe(1);
      expect(agent.act(Float32Array.from([-1, 0]), 'eval')).toBe(0);
    });
  });

  describe('memory', () => {
    it('should keep tf.memory().numTensors flat while training with noisy nets and double DQN', () => {
      const agent = makeAgent({
        networkFactory: c51Factory(51, 10, { noisy: true, hidden: [8] }),
        double: true,
        minReplayHistory: 10,
        hooks: [new RecordingUpdateHook('rec')],
      });
      for (let s = 0; s < 12; s++) agent.observe(transition(s));
      expectNoTensorLeakSync(() => {
        for (let s = 12; s < 212; s++) {
          agent.act(transition(s).observation, 'train');
          agent.observe(transition(s));
        }
      }, { label: 'RainbowAgent over 200 steps' });
      expect(agent.updates).toBe(202);
      const before = tf.memory().numTensors;
      agent.dispose();
      expect(tf.memory().numTensors).toBeLessThan(before);
    });
  });
});

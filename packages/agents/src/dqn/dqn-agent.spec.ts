import { ConfigError, ShapeError, StateError, type Batch, type QNetwork, type Transition, type TypedArray } from '@prunerl/core';
import {
  expectNoTensorLeakSync,
  FakeNetworkFactory,
  FakeQNetwork,
  FakeReplayBuffer,
  RecordingUpdateHook,
  type HookCall,
} from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { batchOf as sharedBatchOf, setLinear, type BatchRows } from '../testing/batch-of.fixture';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { DQNAgent, type DQNAgentInput } from './dqn-agent';

const OBS = [2];

function transition(i: number, terminated = false): Transition<TypedArray> {
  return {
    observation: Float32Array.from([Math.sin(i), Math.cos(i)]),
    action: i % 2,
    reward: i % 3 === 0 ? 1 : 0,
    nextObservation: Float32Array.from([Math.sin(i + 1), Math.cos(i + 1)]),
    terminated,
    truncated: false,
  };
}

function makeAgent(options: Partial<DQNAgentInput> = {}): DQNAgent {
  return new DQNAgent({
    networkFactory: new FakeNetworkFactory({ hidden: [8] }),
    replay: new FakeReplayBuffer({ observationShape: OBS }),
    optimizer: new AdamOptimizer({ learningRate: 1e-2 }),
    numActions: 2,
    observationShape: OBS,
    batchSize: 4,
    minReplayHistory: 10,
    updatePeriod: 2,
    targetUpdatePeriod: 6,
    epsilonDecayPeriod: 20,
    seed: 7,
    ...options,
  });
}

function batchOf(rows: BatchRows): Batch {
  return sharedBatchOf(OBS, rows);
}

function weightsOf(network: QNetwork): number[][] {
  return network.parameters().map((p) => Array.from(p.variable.dataSync()));
}

describe('DQNAgent', () => {
  afterEach(() => tf.disposeVariables());

  describe('constructor', () => {
    it('should name the offending option', () => {
      expect(() => makeAgent({ batchSize: 0 })).toThrow(/DQNAgent.batchSize: expected an integer >= 1, got 0/);
      expect(() => makeAgent({ epsilonTrain: 2 })).toThrow(/DQNAgent.epsilonTrain/);
      expect(() => makeAgent({ loss: 'l1' as never })).toThrow(/DQNAgent.loss: expected one of "mse", "huber"/);
      expect(() => makeAgent({ updatePeriod: 1.5 })).toThrow(ConfigError);
      expect(() => makeAgent({ learningRate: 1 } as never)).toThrow(/DQNAgent options.learningRate/);
      expect(() => makeAgent({ replay: {} as never })).toThrow(/DQNAgent.replay/);
      expect(() => makeAgent({ hooks: [{ name: 'x' }] as never })).toThrow(/DQNAgent.hooks\[0\]/);
    });

    it('should refuse a head that does not give Q values', () => {
      expect(() => makeAgent({ networkFactory: new FakeNetworkFactory({ head: { kind: 'c51', numAtoms: 5 } }) })).toThrow(
        /DQNAgent.networkFactory.head: expected a "q" or "dueling" head/,
      );
    });

    it('should take online and target networks instead of a factory, and sync them', () => {
      const online = new FakeQNetwork({ observationShape: OBS, numActions: 2, seed: 1, hidden: [] });
      const target = new FakeQNetwork({ observationShape: OBS, numActions: 2, seed: 2, hidden: [] });
      const agent = makeAgent({ networkFactory: undefined, online, target });
      expect(weightsOf(agent.target)).toEqual(weightsOf(agent.online));
      expect(() => makeAgent({ networkFactory: undefined, online, target: online })).toThrow(/DQNAgent.target/);
      const wrong = new FakeQNetwork({ observationShape: [3], numActions: 2, seed: 2, hidden: [] });
      expect(() => makeAgent({ networkFactory: undefined, online, target: wrong })).toThrow(/DQNAgent.target/);
    });

    it('should compute the planned updates from totalSteps', () => {
      expect(makeAgent({ totalSteps: 30 }).totalUpdates).toBe(10); // steps 10, 12, ..., 28
      expect(makeAgent({ totalSteps: 30, updatesPerStep: 3 }).totalUpdates).toBe(30);
      expect(makeAgent().totalUpdates).toBeUndefined();
    });
  });

  describe('.epsilon', () => {
    it('should follow the linear schedule over observed steps', () => {
      const agent = makeAgent({ epsilonTrain: 0.1, minReplayHistory: 10, epsilonDecayPeriod: 20 });
      const seen: number[] = [];
      for (let i = 0; i < 35; i++) {
        seen.push(agent.epsilon);
        agent.observe(transition(i));
      }
      expect(seen[0]).toBe(1);
      expect(seen[10]).toBe(1);
      expect(seen[20]).toBeCloseTo(0.55, 10);
      expect(seen[30]).toBeCloseTo(0.1, 10);
      expect(seen[34]).toBeCloseTo(0.1, 10);
      expect(makeAgent({ epsilonSchedule: 'constant', epsilonTrain: 0.2 }).epsilon).toBe(0.2);
      expect(makeAgent({ epsilonSchedule: 'zero' }).epsilon).toBe(0);
    });
  });

  describe('.observe', () => {
    it('should train every updatePeriod steps from minReplayHistory and sync the target on its period', () => {
      const agent = makeAgent({ minReplayHistory: 10, updatePeriod: 2, targetUpdatePeriod: 6, updatesPerStep: 2 });
      const updateSteps: number[] = [];
      for (let s = 0; s < 25; s++) {
        const result = agent.observe(transition(s));
        if (result.updates > 0) {
          updateSteps.push(s);
          expect(result.updates).toBe(2);
          expect(Number.isFinite(result.loss)).toBe(true);
        }
      }
      expect(updateSteps).toEqual([10, 12, 14, 16, 18, 20, 22, 24]);
      expect(agent.updates).toBe(16);
      expect(agent.steps).toBe(25);
      // Syncs at steps 12 and 18 and 24 (multiples of 6 from step 10 on).
      expect(agent.targetSyncs).toBe(3);
      expect(weightsOf(agent.target)).toEqual(weightsOf(agent.online));
      agent.observe(transition(25));
      agent.observe(transition(26));
      expect(weightsOf(agent.target)).not.toEqual(weightsOf(agent.online));
    });

    it('should check the transition it is given', () => {
      const agent = makeAgent();
      expect(() => agent.observe({ ...transition(0), observation: new Float32Array(3) })).toThrow(ShapeError);
      expect(() => agent.observe({ ...transition(0), action: 2 })).toThrow(/observe\(transition\).action/);
    });
  });

  describe('.update', () => {
    it('should use the n-step TD target r + discount * max Q_target(next) and the MSE loss', () => {
      const factory = new FakeNetworkFactory({ hidden: [] });
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ networkFactory: factory, replay });
      setLinear(agent.online, [[1, 2], [4, 3]], [0, 0]);
      setLinear(agent.target, [[1, 0], [0, 2]], [0, 0.5]);
      // Q_target(next = [0, 1]) = [0, 2.5]; target = 0.5 + 0.9 * 2.5 = 2.75; Q(s = [1, 0], a = 1) = 2.
      // Second sample terminated (discount 0): target = -1; Q([0, 1], 0) = 4.
      replay.enqueueBatch(batchOf({ obs: [[1, 0], [0, 1]], actions: [1, 0], rewards: [0.5, -1], next: [[0, 1], [1, 1]], discounts: [0.9, 0] }));
      const loss = agent.update();
      expect(loss).toBeCloseTo((0.75 ** 2 + 5 ** 2) / 2, 5);
    });

    it('should pick the next action with the online network under Double DQN', () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ networkFactory: new FakeNetworkFactory({ hidden: [] }), replay, double: true, loss: 'huber' });
      setLinear(agent.online, [[1, 2], [4, 3]], [0, 0]);
      setLinear(agent.target, [[1, 0], [0, 2]], [0, 0.5]);
      // Online Q(next = [0, 1]) = [4, 3] picks action 0; Q_target(next, 0) = 0; target = 0.5. Q(s, 1) = 2.
      // Huber(|0.5 - 2| = 1.5) = 0.5 + 0.5 = 1.
      replay.enqueueBatch(batchOf({ obs: [[1, 0]], actions: [1], rewards: [0.5], next: [[0, 1]], discounts: [0.9] }));
      expect(agent.update()).toBeCloseTo(1, 5);
    });

    it('should weight the loss by importance weights and update priorities with a prioritized buffer', () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS, prioritized: true });
      const agent = makeAgent({ networkFactory: new FakeNetworkFactory({ hidden: [] }), replay });
      setLinear(agent.online, [[0, 0], [0, 0]], [0, 0]);
      setLinear(agent.target, [[0, 0], [0, 0]], [0, 0]);
      // Q = 0 everywhere: per-sample losses are r^2 = 1 and 4; weights 1 and 0.5 -> mean 1.5.
      replay.enqueueBatch(batchOf({ obs: [[1, 0], [0, 1]], actions: [0, 1], rewards: [1, 2], next: [[0, 0], [0, 0]], discounts: [0, 0], weights: [1, 0.5] }));
      expect(agent.update()).toBeCloseTo(1.5, 5);
      expect(replay.priorityUpdates).toHaveLength(1);
      const { indices, priorities } = replay.priorityUpdates[0]!;
      expect(Array.from(indices)).toEqual([0, 1]);
      expect(priorities[0]).toBeCloseTo(Math.sqrt(1 + 1e-10), 6);
      expect(priorities[1]).toBeCloseTo(Math.sqrt(4 + 1e-10), 6);
    });

    it('should call hooks in contract order with the update index before and the count after', () => {
      const log: HookCall[] = [];
      const agent = makeAgent({
        hooks: [new RecordingUpdateHook('first', log), new RecordingUpdateHook('second', log)],
        totalSteps: 30,
        minReplayHistory: 10,
      });
      for (let s = 0; s <= 12; s++) agent.observe(transition(s));
      expect(log.map((c) => `${c.hook}.${c.method}@${c.step}`)).toEqual([
        'first.beforeUpdate@0',
        'second.beforeUpdate@0',
        'first.transformGradients@0',
        'second.transformGradients@0',
        'first.afterUpdate@1',
        'second.afterUpdate@1',
        'first.beforeUpdate@1',
        'second.beforeUpdate@1',
        'first.transformGradients@1',
        'second.transformGradients@1',
        'first.afterUpdate@2',
        'second.afterUpdate@2',
      ]);
      expect(log[0]!.totalUpdates).toBe(10);
      expect(log[0]!.trainingFraction).toBe(0);
      expect(log[4]!.trainingFraction).toBeCloseTo(0.1, 12);
      expect(log.every((c) => c.hadBatch)).toBe(true);
    });

    it('should apply the gradients the hooks return', () => {
      const frozen = makeAgent({ hooks: [new RecordingUpdateHook('zero', [], 0)] });
      const before = weightsOf(frozen.online);
      for (let s = 0; s < 20; s++) frozen.observe(transition(s));
      expect(frozen.updates).toBeGreaterThan(0);
      // Zero gradients leave Adam's update at exactly zero.
      expect(weightsOf(frozen.online)).toEqual(before);
    });
  });

  describe('.actBatch', () => {
    it('should act greedily on one forward pass for the whole batch', () => {
      const factory = new FakeNetworkFactory({ hidden: [] });
      const agent = makeAgent({ networkFactory: factory, epsilonEval: 0 });
      setLinear(agent.online, [[1, -1], [0, 0]], [0, 0]);
      const online = factory.created[0]!;
      const calls = online.applyCalls.mean;
      const actions = agent.actBatch(Float32Array.from([1, 0, -1, 0, 2, 5]), 3, 'eval');
      expect(Array.from(actions)).toEqual([0, 1, 0]);
      expect(online.applyCalls.mean).toBe(calls + 1);
      expect(agent.act(Float32Array.from([-3, 1]), 'eval')).toBe(1);
    });

    it('should explore uniformly at epsilon 1 without a forward pass, reproducibly', () => {
      const factory = new FakeNetworkFactory();
      const agent = makeAgent({ networkFactory: factory });
      const obs = new Float32Array(2 * 200);
      const calls = factory.created[0]!.applyCalls.noise;
      const a = agent.actBatch(obs, 200, 'train');
      expect(factory.created[0]!.applyCalls.noise).toBe(calls);
      const ones = a.reduce((n, x) => n + x, 0);
      expect(ones).toBeGreaterThan(70);
      expect(ones).toBeLessThan(130);
      expect(Array.from(makeAgent().actBatch(obs, 200, 'train'))).toEqual(Array.from(a));
    });

    it('should draw eval actions from their own stream, leaving training unchanged', () => {
      const a = makeAgent();
      const b = makeAgent();
      const obs = new Float32Array(2 * 50);
      b.actBatch(obs, 50, 'eval');
      b.act(new Float32Array(2), 'eval');
      expect(Array.from(b.actBatch(obs, 50, 'train'))).toEqual(Array.from(a.actBatch(obs, 50, 'train')));
    });

    it('should name a bad argument', () => {
      const agent = makeAgent();
      expect(() => agent.actBatch(new Float32Array(5), 2, 'train')).toThrow(ShapeError);
      expect(() => agent.act(new Float32Array(2), 'greedy' as never)).toThrow(/mode/);
    });
  });

  describe('.state', () => {
    it('should round-trip so that a restored agent continues the same trajectory', async () => {
      const replayA = new FakeReplayBuffer({ observationShape: OBS });
      const hookA = new RecordingUpdateHook('rec');
      const a = makeAgent({ replay: replayA, hooks: [hookA], epsilonDecayPeriod: 15 });
      for (let s = 0; s < 17; s++) a.observe(transition(s));
      const saved = a.state();
      const replayBytes: Uint8Array[] = [];
      for await (const chunk of replayA.state()) replayBytes.push(chunk);

      const replayB = new FakeReplayBuffer({ observationShape: OBS });
      await replayB.restore(replayBytes);
      const hookB = new RecordingUpdateHook('rec');
      const b = makeAgent({ replay: replayB, hooks: [hookB], seed: 99, epsilonDecayPeriod: 15 });
      b.restore(saved);
      expect(b.steps).toBe(17);
      expect(b.updates).toBe(a.updates);
      expect(hookB.metrics()).toEqual(hookA.metrics());

      const obs = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
      for (let s = 17; s < 30; s++) {
        expect(Array.from(b.actBatch(obs, 20, 'train'))).toEqual(Array.from(a.actBatch(obs, 20, 'train')));
        const ra = a.observe(transition(s));
        const rb = b.observe(transition(s));
        expect(rb).toEqual(ra);
      }
      expect(weightsOf(b.online)).toEqual(weightsOf(a.online));
      expect(weightsOf(b.target)).toEqual(weightsOf(a.target));
    });

    it('should refuse a state that does not fit and stay unchanged', () => {
      const a = makeAgent();
      for (let s = 0; s < 14; s++) a.observe(transition(s));
      const saved = a.state();
      const b = makeAgent({ networkFactory: new FakeNetworkFactory({ hidden: [3] }) });
      const before = b.state();
      expect(() => b.restore(saved)).toThrow(StateError);
      expect(() => b.restore({ ...before, kind: 'rainbow' })).toThrow(/kind/);
      expect(() => b.restore({ ...before, steps: -1 })).toThrow(/steps/);
      expect(() => b.restore({ ...before, hooks: [{ name: 'other', state: 1 }] })).toThrow(/hooks/);
      expect(b.state()).toEqual(before);
    });

    it('should roll back the hooks restored before one that refuses its state', () => {
      const picky = (accept: boolean) => ({
        name: 'picky',
        afterUpdate: () => undefined,
        state: () => 'ok',
        restore: () => {
          if (!accept) throw new StateError({ field: 'picky', value: 'ok', expected: 'nothing' });
        },
      });
      const a = makeAgent({ hooks: [new RecordingUpdateHook('rec'), picky(true)] });
      for (let s = 0; s < 20; s++) a.observe(transition(s));
      const saved = a.state();
      const b = makeAgent({ hooks: [new RecordingUpdateHook('rec'), picky(false)] });
      for (let s = 0; s < 14; s++) b.observe(transition(s));
      const before = b.state();
      expect(JSON.stringify(saved.hooks)).not.toEqual(JSON.stringify(before.hooks));
      expect(() => b.restore(saved)).toThrow(StateError);
      expect(b.state()).toEqual(before);
    });
  });

  describe('.dispose', () => {
    it('should free every tensor the agent holds', () => {
      const before = tf.memory().numTensors;
      const agent = makeAgent();
      for (let s = 0; s < 14; s++) agent.observe(transition(s));
      agent.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(() => agent.act(new Float32Array(2), 'eval')).toThrow(StateError);
    });
  });

  describe('memory', () => {
    it('should keep tf.memory().numTensors flat over 1,000 steps of acting and training', () => {
      const agent = makeAgent({ minReplayHistory: 20, updatePeriod: 1, targetUpdatePeriod: 50, hooks: [new RecordingUpdateHook('rec')] });
      let obs = Float32Array.from([0.1, 0.2]);
      const step = (i: number): void => {
        const action = agent.act(obs, 'train');
        const next = Float32Array.from([Math.sin(i), Math.cos(i)]);
        agent.observe({ observation: obs, action, reward: 1, nextObservation: next, terminated: i % 37 === 0, truncated: false });
        obs = next;
      };
      for (let i = 0; i < 30; i++) step(i); // optimiser slots are created on the first update
      expectNoTensorLeakSync(() => {
        for (let i = 30; i < 1030; i++) step(i);
        agent.actBatch(new Float32Array(16), 8, 'eval');
      }, { label: 'DQNAgent over 1,000 steps' });
      expect(agent.updates).toBe(1010);
    });
  });
});

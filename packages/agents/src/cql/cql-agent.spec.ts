import type { Batch } from '@prunerl/core';
import { expectNoTensorLeakSync, FakeNetworkFactory, FakeReplayBuffer, RecordingUpdateHook, type HookCall } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { batchOf as sharedBatchOf, setLinear, type BatchRows } from '../testing/batch-of.fixture';
import { DQNAgent } from '../dqn/dqn-agent';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { CQLAgent, type CQLAgentInput } from './cql-agent';

const OBS = [2];

function makeAgent(options: Partial<CQLAgentInput> = {}): CQLAgent {
  return new CQLAgent({
    networkFactory: new FakeNetworkFactory({ hidden: [] }),
    replay: new FakeReplayBuffer({ observationShape: OBS }),
    optimizer: new AdamOptimizer({ learningRate: 1e-2 }),
    numActions: 2,
    observationShape: OBS,
    batchSize: 2,
    minReplayHistory: 0,
    seed: 5,
    ...options,
  });
}

function batchOf(rows: BatchRows): Batch {
  return sharedBatchOf(OBS, rows);
}

/** The batch of DQN's hand-computed test: TD targets 2.75 and -1, chosen Q values 2 and 4. */
const BATCH: BatchRows = { obs: [[1, 0], [0, 1]], actions: [1, 0], rewards: [0.5, -1], next: [[0, 1], [1, 1]], discounts: [0.9, 0] };

function withLinearNetworks(agent: CQLAgent | DQNAgent): void {
  setLinear(agent.online, [[1, 2], [4, 3]], [0, 0]);
  setLinear(agent.target, [[1, 0], [0, 2]], [0, 0.5]);
}

describe('CQLAgent', () => {
  afterEach(() => tf.disposeVariables());

  describe('constructor', () => {
    it("should default to Table 3's CQL: DQN's squared TD error, no double DQN, alpha 0.1, an update every step, target period 2,000", () => {
      const agent = makeAgent();
      expect(agent.kind).toBe('cql');
      expect({ loss: agent.lossKind, double: agent.double, alpha: agent.cqlCoefficient, td: agent.tdCoefficient }).toEqual({ loss: 'mse', double: false, alpha: 0.1, td: 1 });
      expect(agent.settings).toMatchObject({ updatePeriod: 1, targetUpdatePeriod: 2_000 });
      agent.dispose();
    });

    it('should refuse bad coefficients and C51 heads, naming the field', () => {
      expect(() => makeAgent({ cqlCoefficient: -1 })).toThrow(/CQLAgent.cqlCoefficient: expected a finite number >= 0, got -1/);
      expect(() => makeAgent({ tdCoefficient: Number.NaN })).toThrow(/CQLAgent.tdCoefficient/);
      expect(() => makeAgent({ networkFactory: new FakeNetworkFactory({ head: { kind: 'c51', numAtoms: 3 } }) })).toThrow(/CQLAgent.networkFactory.head: .*use CQLC51Agent/);
      expect(() => makeAgent({ gamma: 0.9 } as never)).toThrow(/CQLAgent options.gamma/);
      expect(() => makeAgent({ replay: new FakeReplayBuffer({ observationShape: OBS, prioritized: true }) })).toThrow(/^CQLAgent.replay.prioritized: expected a uniform or fixed ReplayBuffer/);
    });
  });

  describe('.update', () => {
    it('should minimise tdCoefficient * TD loss + alpha * (logsumexp Q - Q(s, a_data)) (hand-computed)', () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ replay, loss: 'huber' });
      withLinearNetworks(agent);
      replay.enqueueBatch(batchOf(BATCH));
      // Huber: |2.75 - 2| = 0.75 -> 0.28125; |-1 - 4| = 5 -> 0.5 + 4 = 4.5.
      // CQL: Q([1, 0]) = [1, 2], a = 1: log(e + e^2) - 2 = log(1 + e^-1); Q([0, 1]) = [4, 3], a = 0: the same.
      const cql = Math.log(1 + Math.exp(-1));
      expect(agent.update()).toBeCloseTo((0.28125 + 4.5) / 2 + 0.1 * cql, 5);
      agent.dispose();
      // The default squared error: (0.75^2 + 5^2) / 2 + 0.1 * CQL.
      const plain = new FakeReplayBuffer({ observationShape: OBS });
      const byDefault = makeAgent({ replay: plain });
      withLinearNetworks(byDefault);
      plain.enqueueBatch(batchOf(BATCH));
      expect(byDefault.update()).toBeCloseTo((0.75 ** 2 + 5 ** 2) / 2 + 0.1 * cql, 5);
      byDefault.dispose();
    });

    it('should weigh both terms by their coefficients, and be DQN with alpha 0', () => {
      const cql = Math.log(1 + Math.exp(-1));
      const cases: Array<[Partial<CQLAgentInput>, number]> = [
        [{ cqlCoefficient: 2, tdCoefficient: 0.5, loss: 'mse' }, (0.5 * (0.75 ** 2 + 5 ** 2)) / 2 + 2 * cql],
        [{ cqlCoefficient: 0, loss: 'mse' }, (0.75 ** 2 + 5 ** 2) / 2],
      ];
      for (const [options, expected] of cases) {
        const replay = new FakeReplayBuffer({ observationShape: OBS });
        const agent = makeAgent({ replay, ...options });
        withLinearNetworks(agent);
        replay.enqueueBatch(batchOf(BATCH));
        expect(agent.update()).toBeCloseTo(expected, 5);
        agent.dispose();
      }
      // alpha 0: the same update as DQN's, weight for weight.
      const replays = [new FakeReplayBuffer({ observationShape: OBS }), new FakeReplayBuffer({ observationShape: OBS })];
      const common = { networkFactory: new FakeNetworkFactory({ hidden: [] }), optimizer: new AdamOptimizer({ learningRate: 1e-2 }), numActions: 2, observationShape: OBS, batchSize: 2, seed: 5 };
      const cqlAgent = new CQLAgent({ ...common, replay: replays[0]!, cqlCoefficient: 0, loss: 'mse' });
      const dqn = new DQNAgent({ ...common, networkFactory: new FakeNetworkFactory({ hidden: [] }), optimizer: new AdamOptimizer({ learningRate: 1e-2 }), replay: replays[1]! });
      for (const [agent, replay] of [[cqlAgent, replays[0]!], [dqn, replays[1]!]] as const) {
        withLinearNetworks(agent);
        replay.enqueueBatch(batchOf(BATCH));
        agent.update();
      }
      expect(cqlAgent.online.parameters().map((p) => Array.from(p.variable.dataSync()))).toEqual(dqn.online.parameters().map((p) => Array.from(p.variable.dataSync())));
      cqlAgent.dispose();
      dqn.dispose();
    });

    it('should push the Q values of actions the data did not take down against plain DQN', () => {
      const run = (alpha: number): number[] => {
        const replay = new FakeReplayBuffer({ observationShape: OBS });
        const agent = makeAgent({ replay, cqlCoefficient: alpha, optimizer: new AdamOptimizer({ learningRate: 0.05 }) });
        withLinearNetworks(agent);
        for (let i = 0; i < 20; i++) replay.enqueueBatch(batchOf(BATCH));
        for (let i = 0; i < 20; i++) agent.update();
        // Q([1, 0]) for the action the data never took there (0).
        const q = tf.tidy(() => agent.online.apply(tf.tensor2d([[1, 0]])).arraySync() as number[][]);
        agent.dispose();
        return q[0]!;
      };
      expect(run(1)[0]!).toBeLessThan(run(0)[0]!);
    });
  });

  describe('.trainStep', () => {
    it('should make one update per call, copy the target every targetUpdatePeriod gradient steps, and give hooks the fraction of gradient steps', () => {
      const log: HookCall[] = [];
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ replay, targetUpdatePeriod: 3, totalSteps: 8, hooks: [new RecordingUpdateHook('h', log)] });
      for (let i = 0; i < 8; i++) replay.enqueueBatch(batchOf(BATCH));
      const syncs: number[] = [];
      for (let i = 0; i < 8; i++) {
        const before = agent.targetSyncs;
        expect(agent.trainStep().updates).toBe(1);
        if (agent.targetSyncs > before) syncs.push(i);
      }
      // Dopamine's fixed-replay _train_step: sync after the update when training_steps % period == 0.
      expect(syncs).toEqual([0, 3, 6]);
      expect(agent.updates).toBe(8);
      expect(agent.steps).toBe(0);
      expect(agent.totalUpdates).toBe(8);
      const fractions = log.filter((c) => c.method === 'afterUpdate').map((c) => c.trainingFraction);
      expect(fractions).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((s) => s / 8));
      agent.dispose();
    });

    it('should not leak tensors', () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ replay });
      for (let i = 0; i < 4; i++) replay.enqueueBatch(batchOf(BATCH));
      agent.trainStep();
      expectNoTensorLeakSync(() => agent.trainStep());
      agent.dispose();
    });
  });
});

import type { Batch } from '@prunerl/core';
import { expectNoTensorLeakSync, FakeNetworkFactory, FakeReplayBuffer } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { batchOf as sharedBatchOf, setLinear, type BatchRows } from '../testing/batch-of.fixture';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { RainbowAgent } from '../rainbow/rainbow-agent';
import { CQLC51Agent, type CQLC51AgentInput } from './cql-c51-agent';

const OBS = [2];

function c51Factory(extra: { noisy?: boolean } = {}): FakeNetworkFactory {
  return new FakeNetworkFactory({ hidden: [], head: { kind: 'c51', numAtoms: 3, vMin: -1, vMax: 1, ...extra } });
}

function makeAgent(options: Partial<CQLC51AgentInput> = {}): CQLC51Agent {
  return new CQLC51Agent({
    networkFactory: c51Factory(),
    replay: new FakeReplayBuffer({ observationShape: OBS }),
    optimizer: new AdamOptimizer({ learningRate: 1e-2 }),
    numActions: 2,
    observationShape: OBS,
    batchSize: 1,
    minReplayHistory: 0,
    seed: 9,
    ...options,
  });
}

function batchOf(rows: BatchRows): Batch {
  return sharedBatchOf(OBS, rows);
}

const softmax = (logits: number[]): number[] => {
  const m = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - m));
  const s = e.reduce((a, x) => a + x, 0);
  return e.map((x) => x / s);
};
const SUPPORT = [-1, 0, 1];
const mean = (p: number[]): number => p.reduce((a, x, i) => a + x * SUPPORT[i]!, 0);
const ZEROS = [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]];

describe('CQLC51Agent', () => {
  afterEach(() => tf.disposeVariables());

  it("should default to Table 3's CQL+C51: double DQN, alpha 0.1, an update every step, target period 100", () => {
    const agent = makeAgent();
    expect(agent.kind).toBe('cql-c51');
    expect({ double: agent.double, alpha: agent.cqlCoefficient, td: agent.tdCoefficient }).toEqual({ double: true, alpha: 0.1, td: 1 });
    expect(agent.settings).toMatchObject({ updatePeriod: 1, targetUpdatePeriod: 100 });
    expect(Array.from(agent.support)).toEqual(SUPPORT);
    agent.dispose();
  });

  it('should refuse scalar and noisy heads and bad options, naming the field', () => {
    expect(() => makeAgent({ networkFactory: new FakeNetworkFactory() })).toThrow(/CQLC51Agent.networkFactory.head: expected a distributional head/);
    expect(() => makeAgent({ networkFactory: c51Factory({ noisy: true }) })).toThrow(/CQLC51Agent.networkFactory.head.noisy: expected a head without NoisyNet layers/);
    expect(() => makeAgent({ double: 'yes' as never })).toThrow(/CQLC51Agent.double/);
    expect(() => makeAgent({ replay: new FakeReplayBuffer({ observationShape: OBS, prioritized: true }) })).toThrow(/^CQLC51Agent.replay.prioritized: expected a uniform or fixed ReplayBuffer/);
    expect(() => makeAgent({ cqlCoefficient: -0.1 })).toThrow(/CQLC51Agent.cqlCoefficient/);
  });

  it('should minimise the C51 cross-entropy + 0.1 * the CQL term on the mean Q values (hand-computed)', () => {
    const replay = new FakeReplayBuffer({ observationShape: OBS });
    const agent = makeAgent({ replay });
    // Online at s = [1, 0]: action 0 logits [1, 0, 0], action 1 logits [0, 0, 1].
    setLinear(agent.online, [[1, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0]]);
    setLinear(agent.target, ZEROS);
    // Target: uniform next distributions; r = 0.5, discount 0.5 -> atoms 0, 0.5, 1 -> projected [0, 1/2, 1/2].
    replay.enqueueBatch(batchOf({ obs: [[1, 0]], actions: [0], rewards: [0.5], next: [[0, 1]], discounts: [0.5] }));
    const p0 = softmax([1, 0, 0]);
    const crossEntropy = -(0.5 * Math.log(p0[1]!) + 0.5 * Math.log(p0[2]!));
    const q = [mean(p0), mean(softmax([0, 0, 1]))];
    const cql = Math.log(Math.exp(q[0]!) + Math.exp(q[1]!)) - q[0]!;
    expect(crossEntropy).toBeCloseTo(Math.log(Math.E + 2), 10);
    expect(agent.update()).toBeCloseTo(crossEntropy + 0.1 * cql, 5);
    agent.dispose();
  });

  it('should pick the target action by the online network (double DQN) and match Rainbow when alpha is 0', () => {
    const rows: BatchRows = { obs: [[1, 0]], actions: [0], rewards: [0], next: [[0, 1]], discounts: [1] };
    const targetKernel = [[0, 0, 0, 0, 0, 0], [2, 0, 0, 0, 0, 2]];
    const onlineKernel = [[1, 0, 0, 0, 0, 0], [0, 0, 3, 3, 0, 0]];
    const losses: number[] = [];
    for (const make of [
      (replay: FakeReplayBuffer) => makeAgent({ replay, cqlCoefficient: 0 }),
      (replay: FakeReplayBuffer) =>
        new RainbowAgent({ networkFactory: c51Factory(), replay, optimizer: new AdamOptimizer({ learningRate: 1e-2 }), numActions: 2, observationShape: OBS, batchSize: 1, double: true, seed: 9 }),
    ]) {
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = make(replay);
      setLinear(agent.online, onlineKernel);
      setLinear(agent.target, targetKernel);
      replay.enqueueBatch(batchOf(rows));
      losses.push(agent.update());
      agent.dispose();
    }
    // The online net prefers action 0 at next: its target distribution is softmax([2, 0, 0]).
    const online = softmax([1, 0, 0]);
    const expected = -softmax([2, 0, 0]).reduce((a, t, i) => a + t * Math.log(online[i]!), 0);
    expect(losses[0]).toBeCloseTo(expected, 5);
    expect(losses[1]).toBeCloseTo(losses[0]!, 6);
  });

  it('should train offline with trainStep without leaking tensors', () => {
    const replay = new FakeReplayBuffer({ observationShape: OBS });
    const agent = makeAgent({ replay, targetUpdatePeriod: 2 });
    for (let i = 0; i < 5; i++) replay.enqueueBatch(batchOf({ obs: [[1, 0]], actions: [1], rewards: [1], next: [[0, 1]], discounts: [0.9] }));
    agent.trainStep();
    expectNoTensorLeakSync(() => agent.trainStep());
    agent.trainStep();
    expect({ updates: agent.updates, syncs: agent.targetSyncs }).toEqual({ updates: 3, syncs: 2 });
    agent.dispose();
  });
});

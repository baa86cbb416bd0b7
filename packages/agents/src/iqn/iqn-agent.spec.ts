import { Rng, type Batch, type RngState, type QNetwork, type Transition, type TypedArray } from '@prunerl/core';
import { expectNoTensorLeakSync, FakeNetworkFactory, FakeReplayBuffer, RecordingUpdateHook } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { setTauFree } from './tau-free.fixture';
import { batchOf as sharedBatchOf, type BatchRows } from '../testing/batch-of.fixture';
import { quantileHuberLoss } from '../losses/quantile-huber-loss';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { IQNAgent, type IQNAgentInput } from './iqn-agent';

const OBS = [2];
const EMBEDDING = 4;

function quantileFactory(extra: { hidden?: number[]; noisy?: boolean } = {}): FakeNetworkFactory {
  return new FakeNetworkFactory({ hidden: extra.hidden ?? [], head: { kind: 'quantile', embeddingSize: EMBEDDING, noisy: extra.noisy } });
}

function makeAgent(options: Partial<IQNAgentInput> = {}): IQNAgent {
  return new IQNAgent({
    networkFactory: quantileFactory(),
    replay: new FakeReplayBuffer({ observationShape: OBS }),
    optimizer: new AdamOptimizer({ learningRate: 1e-2 }),
    numActions: 2,
    observationShape: OBS,
    batchSize: 4,
    minReplayHistory: 10,
    updatePeriod: 1,
    targetUpdatePeriod: 5,
    epsilonDecayPeriod: 20,
    numTauSamples: 5,
    numTauPrimeSamples: 3,
    numQuantileSamples: 4,
    seed: 3,
    ...options,
  });
}


function batchOf(rows: BatchRows): Batch {
  return sharedBatchOf(OBS, rows, 20);
}

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

function weightsOf(network: QNetwork): number[][] {
  return network.parameters().map((p) => Array.from(p.variable.dataSync()));
}

/** A copy of the agent's update stream (its checkpointed `replay` stream). */
function updateStream(agent: IQNAgent): Rng {
  return Rng.fromState((agent.state()['rng'] as { replay: RngState }).replay);
}

/** The next `[count, n]` fractions of a copy of `rng` (the agent's update stream), advancing the copy. */
function taus(rng: Rng, count: number, n: number): tf.Tensor2D {
  return tf.tensor2d(rng.fillUniform(new Float32Array(count * n)), [count, n]);
}

describe('IQNAgent', () => {
  afterEach(() => tf.disposeVariables());

  describe('constructor', () => {
    it("should need a quantile head and default to Dopamine's N = N' = 64, K = 32, kappa 1", () => {
      expect(() => makeAgent({ networkFactory: new FakeNetworkFactory() })).toThrow(/IQNAgent.networkFactory.head: expected a "quantile" head/);
      const agent = makeAgent({ numTauSamples: undefined, numTauPrimeSamples: undefined, numQuantileSamples: undefined });
      expect([agent.kind, agent.numTauSamples, agent.numTauPrimeSamples, agent.numQuantileSamples, agent.kappa, agent.double]).toEqual(['iqn', 64, 64, 32, 1, false]);
    });

    it('should name a bad option', () => {
      expect(() => makeAgent({ numTauSamples: 0 })).toThrow(/IQNAgent.numTauSamples: expected an integer >= 1/);
      expect(() => makeAgent({ numQuantileSamples: 2.5 })).toThrow(/IQNAgent.numQuantileSamples/);
      expect(() => makeAgent({ kappa: 0 })).toThrow(/IQNAgent.kappa: expected a finite number > 0/);
      expect(() => makeAgent({ double: 1 as never })).toThrow(/IQNAgent.double/);
      expect(() => makeAgent({ temperature: 0.03 } as never)).toThrow(/IQNAgent options.temperature/);
    });
  });

  describe('.update', () => {
    it('should regress N online quantiles of the taken action on r + discount * Z_target(s\', a*, tau\') (replayed draws)', () => {
      for (const double of [false, true]) {
        const replay = new FakeReplayBuffer({ observationShape: OBS });
        const agent = makeAgent({ replay, double, networkFactory: quantileFactory({ hidden: [3] }) });
        const batch = batchOf({ obs: [[1, 0], [0.5, -1]], actions: [1, 0], rewards: [0.5, -1], next: [[0, 1], [1, 1]], discounts: [0.9, 0] });
        replay.enqueueBatch(batch);
        const rng = updateStream(agent);
        const expected = tf.tidy(() => {
          const next = tf.tensor2d(batch.nextObservations as Float32Array, [2, 2]);
          const selector = double ? agent.online : agent.target;
          const greedy = tf.argMax(tf.mean(selector.apply(next, { taus: taus(rng, 2, 4) }), 1), 1);
          const z = agent.target.apply(next, { taus: taus(rng, 2, 3) });
          const chosen = tf.sum(tf.mul(z, tf.expandDims(tf.oneHot(greedy, 2), 1)), 2);
          const targets = tf.add(tf.expandDims(tf.tensor1d(batch.rewards), 1), tf.mul(tf.expandDims(tf.tensor1d(batch.discounts), 1), chosen));
          const onlineTaus = taus(rng, 2, 5);
          const online = agent.online.apply(tf.tensor2d(batch.observations as Float32Array, [2, 2]), { taus: onlineTaus });
          const predicted = tf.sum(tf.mul(online, tf.expandDims(tf.oneHot(tf.tensor1d(batch.actions, 'int32'), 2), 1)), 2);
          return tf.mean(quantileHuberLoss(targets as tf.Tensor2D, predicted as tf.Tensor2D, onlineTaus)).dataSync()[0]!;
        });
        expect(agent.update()).toBeCloseTo(expected, 5);
        agent.dispose();
      }
    });

    it('should take the target quantiles of the greedy next action (online-greedy with double)', () => {
      for (const double of [false, true]) {
        const replay = new FakeReplayBuffer({ observationShape: OBS });
        const agent = makeAgent({ replay, double, numTauSamples: 1 });
        // Tau-free networks: Z(s, a, tau) = Q(s, a). Target at next = [0, 1]: Q = [1, 3] (greedy 1);
        // online at next: Q = [2, 0] (greedy 0). Online at s = [1, 0]: Q = [0, 0].
        setTauFree(agent.target, EMBEDDING, [[0, 0], [1, 3]], [0, 0]);
        setTauFree(agent.online, EMBEDDING, [[0, 0], [2, 0]], [0, 0]);
        replay.enqueueBatch(batchOf({ obs: [[1, 0]], actions: [0], rewards: [0], next: [[0, 1]], discounts: [1] }));
        // Every error d = T - 0 > 0: loss = tau_1 * huber(T) with the one online fraction tau_1.
        const rng = updateStream(agent);
        rng.fillUniform(new Float32Array(4 + 3)); // K, then N' fractions
        const tau = Math.fround(rng.uniform());
        const target = double ? 1 : 3;
        const huber = target <= 1 ? 0.5 * target * target : target - 0.5;
        expect(agent.update()).toBeCloseTo(tau * huber, 5);
        agent.dispose();
      }
    });

    it("should weight by Dopamine's 1/sqrt(p) normalised by its max and set priorities sqrt(loss + 1e-10)", () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS, prioritized: true });
      const agent = makeAgent({ replay, numTauSamples: 1 });
      setTauFree(agent.target, EMBEDDING, [[0, 0], [0, 0]], [0, 0]);
      setTauFree(agent.online, EMBEDDING, [[0, 0], [0, 0]], [0, 0]);
      // Terminal samples with rewards 1 and -1: d = 1 and -1, huber 0.5 each, weights tau and 1 - tau.
      replay.enqueueBatch(batchOf({ obs: [[1, 0], [0, 1]], actions: [0, 1], rewards: [1, -1], next: [[0, 0], [0, 0]], discounts: [0, 0], probabilities: [0.1, 0.4] }));
      const rng = updateStream(agent);
      rng.fillUniform(new Float32Array(2 * 4 + 2 * 3));
      const tau = [Math.fround(rng.uniform()), Math.fround(rng.uniform())];
      const losses = [0.5 * tau[0]!, 0.5 * (1 - tau[1]!)];
      expect(agent.update()).toBeCloseTo((losses[0]! * 1 + losses[1]! * 0.5) / 2, 5);
      const { indices, priorities } = replay.priorityUpdates[0]!;
      expect(Array.from(indices)).toEqual([20, 21]);
      priorities.forEach((p, i) => expect(p).toBeCloseTo(Math.sqrt(losses[i]! + 1e-10), 5));
    });

    it('should learn: the loss on a fixed batch falls', () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ replay, networkFactory: quantileFactory({ hidden: [16] }), numTauSamples: 16, numTauPrimeSamples: 16 });
      const batch = batchOf({ obs: [[1, 0], [0, 1], [1, 1]], actions: [0, 1, 1], rewards: [1, -1, 0.5], next: [[0, 0], [0, 0], [0, 0]], discounts: [0, 0, 0] });
      const losses: number[] = [];
      for (let k = 0; k < 150; k++) {
        replay.enqueueBatch(batch);
        losses.push(agent.update());
      }
      const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
      expect(mean(losses.slice(-20))).toBeLessThan(0.3 * mean(losses.slice(0, 20)));
    });
  });

  describe('.act', () => {
    it('should act greedily on the mean of K quantile samples, one forward pass per batch', () => {
      const factory = quantileFactory();
      const agent = makeAgent({ networkFactory: factory, epsilonEval: 0 });
      setTauFree(agent.online, EMBEDDING, [[1, -1], [0, 0]], [0, 0]);
      const online = factory.created[0]!;
      const calls = online.applyCalls.mean;
      expect(Array.from(agent.actBatch(Float32Array.from([1, 0, -1, 0, 2, 5]), 3, 'eval'))).toEqual([0, 1, 0]);
      expect(online.applyCalls.mean).toBe(calls + 1);
    });

    it('should draw eval fractions from the eval stream, leaving the training run unchanged', () => {
      const a = makeAgent({ epsilonTrain: 0, epsilonDecayPeriod: 1, minReplayHistory: 0 });
      const b = makeAgent({ epsilonTrain: 0, epsilonDecayPeriod: 1, minReplayHistory: 0 });
      const obs = Float32Array.from({ length: 40 }, (_, i) => Math.cos(i));
      b.actBatch(obs, 20, 'eval');
      for (let s = 0; s < 15; s++) {
        expect(Array.from(b.actBatch(obs, 20, 'train'))).toEqual(Array.from(a.actBatch(obs, 20, 'train')));
        a.observe(transition(s));
        b.observe(transition(s));
      }
      expect(weightsOf(b.online)).toEqual(weightsOf(a.online));
    });
  });

  describe('.state', () => {
    it('should round-trip so that a restored agent continues the same trajectory (fractions included)', async () => {
      const replayA = new FakeReplayBuffer({ observationShape: OBS });
      const a = makeAgent({ replay: replayA });
      for (let s = 0; s < 16; s++) a.observe(transition(s));
      const saved = a.state();
      const bytes: Uint8Array[] = [];
      for await (const chunk of replayA.state()) bytes.push(chunk);
      const replayB = new FakeReplayBuffer({ observationShape: OBS });
      await replayB.restore(bytes);
      const b = makeAgent({ replay: replayB, seed: 42 });
      b.restore(saved);
      const obs = Float32Array.from({ length: 20 }, (_, i) => Math.sin(3 * i));
      for (let s = 16; s < 30; s++) {
        expect(Array.from(b.actBatch(obs, 10, 'train'))).toEqual(Array.from(a.actBatch(obs, 10, 'train')));
        expect(b.observe(transition(s))).toEqual(a.observe(transition(s)));
      }
      expect(weightsOf(b.online)).toEqual(weightsOf(a.online));
      expect(() => b.restore({ ...saved, kind: 'dqn' })).toThrow(/kind/);
    });
  });

  describe('memory', () => {
    it('should keep tf.memory().numTensors flat while acting and training with noisy nets and double DQN', () => {
      const agent = makeAgent({
        networkFactory: quantileFactory({ hidden: [8], noisy: true }),
        double: true,
        hooks: [new RecordingUpdateHook('rec')],
      });
      for (let s = 0; s < 12; s++) agent.observe(transition(s));
      expectNoTensorLeakSync(() => {
        for (let s = 12; s < 112; s++) {
          agent.actBatch(new Float32Array(8), 4, 'train');
          agent.observe(transition(s));
        }
      }, { label: 'IQNAgent over 100 steps' });
      expect(agent.updates).toBe(102);
      const before = tf.memory().numTensors;
      agent.dispose();
      expect(tf.memory().numTensors).toBeLessThan(before);
    });
  });
});

import { Rng, type Batch, type RngState, type Transition, type TypedArray } from '@prunerl/core';
import { expectNoTensorLeakSync, FakeNetworkFactory, FakeReplayBuffer } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { setTauFree } from '../iqn/tau-free.fixture';
import { batchOf as sharedBatchOf, type BatchRows } from '../testing/batch-of.fixture';
import { quantileHuberLoss } from '../losses/quantile-huber-loss';
import { AdamOptimizer } from '../optimizers/adam-optimizer';
import { MunchausenIQNAgent, type MunchausenIQNAgentInput } from './munchausen-iqn-agent';
import { munchausenQuantileTargets } from './munchausen-quantile-targets';

const OBS = [2];
const EMBEDDING = 4;

function makeAgent(options: Partial<MunchausenIQNAgentInput> = {}): MunchausenIQNAgent {
  return new MunchausenIQNAgent({
    networkFactory: new FakeNetworkFactory({ hidden: [3], head: { kind: 'quantile', embeddingSize: EMBEDDING } }),
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
    seed: 5,
    ...options,
  });
}


function batchOf(rows: BatchRows): Batch {
  return sharedBatchOf(OBS, rows);
}

function transition(i: number): Transition<TypedArray> {
  return {
    observation: Float32Array.from([Math.sin(i), Math.cos(i)]),
    action: i % 2,
    reward: i % 3 === 0 ? 1 : 0,
    nextObservation: Float32Array.from([Math.sin(i + 1), Math.cos(i + 1)]),
    terminated: i % 7 === 6,
    truncated: false,
  };
}

function updateStream(agent: MunchausenIQNAgent): Rng {
  return Rng.fromState((agent.state()['rng'] as { replay: RngState }).replay);
}

function taus(rng: Rng, count: number, n: number): tf.Tensor2D {
  return tf.tensor2d(rng.fillUniform(new Float32Array(count * n)), [count, n]);
}

describe('MunchausenIQNAgent', () => {
  afterEach(() => tf.disposeVariables());

  describe('constructor', () => {
    it('should default to temperature 0.03, alpha 0.9, clip -1 and name a bad option', () => {
      const agent = makeAgent();
      expect([agent.kind, agent.temperature, agent.alpha, agent.logPolicyClip, agent.numTauSamples]).toEqual(['m-iqn', 0.03, 0.9, -1, 5]);
      expect(() => makeAgent({ temperature: 0 })).toThrow(/MunchausenIQNAgent.temperature: expected a finite number > 0/);
      expect(() => makeAgent({ alpha: 1.5 })).toThrow(/MunchausenIQNAgent.alpha/);
      expect(() => makeAgent({ logPolicyClip: 0.5 })).toThrow(/MunchausenIQNAgent.logPolicyClip: expected a finite number <= 0/);
      expect(() => makeAgent({ double: true } as never)).toThrow(/MunchausenIQNAgent options.double/);
      expect(() => makeAgent({ networkFactory: new FakeNetworkFactory({ head: { kind: 'c51' } }) })).toThrow(/MunchausenIQNAgent.networkFactory.head/);
    });
  });

  describe('.update', () => {
    it('should regress on the Munchausen targets of the target network (replayed draws)', () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ replay, temperature: 0.5 });
      const batch = batchOf({ obs: [[1, 0], [0.5, -1]], actions: [1, 0], rewards: [0.5, -1], next: [[0, 1], [1, 1]], discounts: [0.9, 0] });
      replay.enqueueBatch(batch);
      const rng = updateStream(agent);
      const expected = tf.tidy(() => {
        const obs = tf.tensor2d(batch.observations as Float32Array, [2, 2]);
        const next = tf.tensor2d(batch.nextObservations as Float32Array, [2, 2]);
        // Draw order: K at s', K at s, N' at s' (targets), then N (online).
        const nextQ = tf.mean(agent.target.apply(next, { taus: taus(rng, 2, 4) }), 1) as tf.Tensor2D;
        const currentQ = tf.mean(agent.target.apply(obs, { taus: taus(rng, 2, 4) }), 1) as tf.Tensor2D;
        const nextQuantiles = agent.target.apply(next, { taus: taus(rng, 2, 3) }) as tf.Tensor3D;
        const actions = tf.tensor1d(batch.actions, 'int32');
        const targets = munchausenQuantileTargets({
          rewards: tf.tensor1d(batch.rewards),
          discounts: tf.tensor1d(batch.discounts),
          actions,
          currentQ,
          nextQ,
          nextQuantiles,
          temperature: 0.5,
          alpha: 0.9,
          logPolicyClip: -1,
        });
        const onlineTaus = taus(rng, 2, 5);
        const online = agent.online.apply(obs, { taus: onlineTaus });
        const predicted = tf.sum(tf.mul(online, tf.expandDims(tf.oneHot(actions, 2), 1)), 2) as tf.Tensor2D;
        return tf.mean(quantileHuberLoss(targets, predicted, onlineTaus)).dataSync()[0]!;
      });
      expect(agent.update()).toBeCloseTo(expected, 5);
    });

    it('should back up the soft value and add the clipped log-policy bonus (hand-computed, tau-free networks)', () => {
      const replay = new FakeReplayBuffer({ observationShape: OBS });
      const agent = makeAgent({ replay, temperature: 0.5, numTauSamples: 1, networkFactory: new FakeNetworkFactory({ hidden: [], head: { kind: 'quantile', embeddingSize: EMBEDDING } }) });
      // Target: Q([1, 0]) = [1, 0] (taken action 1: tau ln pi = -0.5 ln(e^2 + 1) < -1 -> clipped to -1);
      // Q([0, 1]) = [2, 2] (pi uniform, tau ln pi = 0.5 ln 0.5). Online quantiles are all 0.
      setTauFree(agent.target, EMBEDDING, [[1, 0], [2, 2]], [0, 0]);
      setTauFree(agent.online, EMBEDDING, [[0, 0], [0, 0]], [0, 0]);
      replay.enqueueBatch(batchOf({ obs: [[1, 0]], actions: [1], rewards: [1], next: [[0, 1]], discounts: [0.5] }));
      // T = 1 + 0.9 x (-1) + 0.5 x (2 - 0.5 ln 0.5) = 1.1 + 0.1732868 = 1.2732868 for every tau'; d > 0.
      const target = 1 - 0.9 + 0.5 * (2 - 0.5 * Math.log(0.5));
      const rng = updateStream(agent);
      rng.fillUniform(new Float32Array(4 + 4 + 3));
      const tau = Math.fround(rng.uniform());
      expect(agent.update()).toBeCloseTo(tau * (target - 0.5), 5);
    });
  });

  describe('memory', () => {
    it('should keep tf.memory().numTensors flat over acting and training', () => {
      const agent = makeAgent();
      for (let s = 0; s < 12; s++) agent.observe(transition(s));
      expectNoTensorLeakSync(() => {
        for (let s = 12; s < 92; s++) {
          agent.act(transition(s).observation, 'train');
          agent.observe(transition(s));
        }
      }, { label: 'MunchausenIQNAgent over 80 steps' });
      expect(agent.updates).toBe(82);
    });
  });
});

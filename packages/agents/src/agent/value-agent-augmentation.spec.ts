import type { Augmentation, Batch, QNetwork, Rng, Transition, TypedArray } from '@prunerl/core';
import { FakeNetworkFactory, FakeReplayBuffer, RecordingUpdateHook, type HookCall } from '@prunerl/testing';
import * as tf from '@tensorflow/tfjs-core';
import { DrQAugmentation } from '../augmentation/drq-augmentation';
import { DQNAgent, type DQNAgentInput } from '../dqn/dqn-agent';
import { AdamOptimizer } from '../optimizers/adam-optimizer';

const IMAGE = [4, 4, 1];

/** Replaces every observation with a constant and records what it was given. */
class ConstantAugmentation implements Augmentation {
  readonly name = 'constant';
  readonly seen: number[][] = [];
  constructor(private readonly value: number) {}
  apply(observations: tf.Tensor, rng: Rng): tf.Tensor {
    this.seen.push(Array.from(observations.dataSync()));
    rng.uniform();
    return tf.fill(observations.shape, this.value);
  }
}

function makeAgent(options: Partial<DQNAgentInput> = {}): DQNAgent {
  return new DQNAgent({
    networkFactory: new FakeNetworkFactory({ hidden: [] }),
    replay: new FakeReplayBuffer({ observationShape: IMAGE }),
    optimizer: new AdamOptimizer({ learningRate: 1e-2 }),
    numActions: 2,
    observationShape: IMAGE,
    batchSize: 4,
    minReplayHistory: 8,
    updatePeriod: 1,
    targetUpdatePeriod: 4,
    seed: 2,
    ...options,
  });
}

function transition(i: number): Transition<TypedArray> {
  const image = (k: number): Float32Array => Float32Array.from({ length: 16 }, (_, j) => Math.sin(k * 16 + j));
  return { observation: image(i), action: i % 2, reward: i % 3 === 0 ? 1 : 0, nextObservation: image(i + 1), terminated: false, truncated: false };
}

function weightsOf(network: QNetwork): number[][] {
  return network.parameters().map((p) => Array.from(p.variable.dataSync()));
}

describe('ValueAgent augmentation', () => {
  afterEach(() => tf.disposeVariables());

  it('should augment the batch observations and next observations before the targets and the loss', () => {
    const replay = new FakeReplayBuffer({ observationShape: IMAGE });
    const augmentation = new ConstantAugmentation(0);
    const log: HookCall[] = [];
    const agent = makeAgent({ replay, augmentation, hooks: [new RecordingUpdateHook('rec', log)] });
    expect(agent.augmentation).toBe(augmentation);
    // Q(s) = s W + b; with every observation replaced by zeros, Q = b everywhere.
    const [kernel, bias] = agent.online.parameters();
    kernel!.variable.assign(tf.ones(kernel!.variable.shape));
    bias!.variable.assign(tf.tensor1d([1, 3]));
    agent.target.copyFrom(agent.online);
    const batch: Batch = {
      batchSize: 1,
      observationShape: IMAGE,
      observationDtype: 'float32',
      observations: new Float32Array(16).fill(5),
      actions: Int32Array.from([0]),
      rewards: Float32Array.from([0.5]),
      nextObservations: new Float32Array(16).fill(7),
      discounts: Float32Array.from([0.5]),
      indices: Int32Array.from([0]),
      weights: Float32Array.from([1]),
      probabilities: Float32Array.from([1]),
    };
    replay.enqueueBatch(batch);
    // Target 0.5 + 0.5 x max(1, 3) = 2; Q(0, a = 0) = 1 -> (2 - 1)^2 = 1. Unaugmented it would be far larger.
    expect(agent.update()).toBeCloseTo(1, 5);
    expect(augmentation.seen).toEqual([new Array(16).fill(5), new Array(16).fill(7)]);
    expect(log[0]!.hadBatch).toBe(true);
  });

  it('should never augment what the agent acts on', () => {
    const augmentation = new ConstantAugmentation(0);
    const agent = makeAgent({ augmentation });
    agent.actBatch(new Float32Array(32), 2, 'eval');
    expect(augmentation.seen).toHaveLength(0);
  });

  it('should build a DrQAugmentation from plain options and train reproducibly under a seed', () => {
    const run = (augmentation: DQNAgentInput['augmentation'], seed = 2): number[][] => {
      const agent = makeAgent({ augmentation, seed });
      for (let s = 0; s < 30; s++) agent.observe(transition(s));
      return weightsOf(agent.online);
    };
    const agent = makeAgent({ augmentation: { pad: 1, intensityScale: 0.05 } });
    expect(agent.augmentation).toBeInstanceOf(DrQAugmentation);
    expect((agent.augmentation as DrQAugmentation).pad).toBe(1);
    const a = run({ pad: 1 });
    expect(run({ pad: 1 })).toEqual(a);
    expect(run(undefined)).not.toEqual(a);
    expect(run({ pad: 1 }, 3)).not.toEqual(a);
  });

  it('should continue the same augmented trajectory after state() and restore()', async () => {
    const replayA = new FakeReplayBuffer({ observationShape: IMAGE });
    const a = makeAgent({ replay: replayA, augmentation: { pad: 1 } });
    for (let s = 0; s < 12; s++) a.observe(transition(s));
    const saved = a.state();
    const bytes: Uint8Array[] = [];
    for await (const chunk of replayA.state()) bytes.push(chunk);
    const replayB = new FakeReplayBuffer({ observationShape: IMAGE });
    await replayB.restore(bytes);
    const b = makeAgent({ replay: replayB, augmentation: { pad: 1 }, seed: 77 });
    b.restore(saved);
    for (let s = 12; s < 24; s++) expect(b.observe(transition(s))).toEqual(a.observe(transition(s)));
    expect(weightsOf(b.online)).toEqual(weightsOf(a.online));
  });

  it('should name a bad augmentation', () => {
    expect(() => makeAgent({ augmentation: 4 as never })).toThrow(/DQNAgent.augmentation: expected an Augmentation/);
    expect(() => makeAgent({ augmentation: { pad: -2 } })).toThrow(/DQNAgent.DrQAugmentation.pad/);
    expect(() =>
      makeAgent({ augmentation: { pad: 4 }, observationShape: [16], replay: new FakeReplayBuffer({ observationShape: [16] }) }),
    ).toThrow(/DQNAgent.augmentation: expected image observations/);
  });
});

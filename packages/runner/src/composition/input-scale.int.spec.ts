import * as tf from '@tensorflow/tfjs-core';
import { networks, type Action, type Agent, type QNetwork } from '@prunerl/core';
import { resolveExperimentConfig } from '../config/resolve-config';
import { buildExperiment } from './build-experiment';

/** An Impala DQN on MinAtar, small enough to build in a test. */
const config = (composition: 'registry' | 'container') =>
  resolveExperimentConfig({
    composition,
    environment: { id: 'MinAtar/Breakout-v1' },
    agent: { name: 'dqn', options: { minReplayHistory: 10, batchSize: 4 } },
    network: { torso: 'impala', width: 0.25, options: { denseUnits: 8 } },
    replay: { capacity: 100 },
    budget: { iterations: 1, stepsPerIteration: 50 },
    outputDir: 'unused',
  });

function online(agent: Agent<Action>): QNetwork {
  return agent.online!;
}

describe('input scaling from the observation space', () => {
  it.each(['registry', 'container'] as const)('should feed MinAtar 0/1 planes to an Impala torso unscaled (%s)', async (composition) => {
    const parts = await buildExperiment(config(composition), 0);
    try {
      const { observation } = parts.env.reset({ seed: 0 });
      expect(new Set(observation)).toEqual(new Set([0, 1]));
      const net = online(parts.agent);
      // The network multiplies by exactly 1: a copy of its weights in a network told to use 1 gives
      // the same values, one told to use 1/255 (the old torso-based default) does not.
      const factory = (inputScale: number) => networks.get('impala')({ width: 0.25, denseUnits: 8, head: 'q', inputScale });
      const spec = { observationShape: [10, 10, 4], numActions: 6, seed: 1 };
      const same = factory(1).create({ ...spec, scope: `same-${composition}` });
      const scaled = factory(1 / 255).create({ ...spec, scope: `scaled-${composition}` });
      same.copyFrom(net);
      scaled.copyFrom(net);
      tf.tidy(() => {
        const x = tf.tensor(Float32Array.from(observation), [1, 10, 10, 4]);
        const q = net.apply(x) as tf.Tensor;
        expect(Array.from(q.dataSync())).toEqual(Array.from((same.apply(x) as tf.Tensor).dataSync()));
        expect(tf.max(tf.abs(tf.sub(q, scaled.apply(x) as tf.Tensor))).dataSync()[0]).toBeGreaterThan(1e-4);
      });
      same.dispose();
      scaled.dispose();
    } finally {
      parts.dispose();
    }
  });
});

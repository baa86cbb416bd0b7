import type { MetricRecord, MetricSink } from '@prunerl/core';
import { initBackend } from '@prunerl/backend';
import * as tf from '@tensorflow/tfjs-core';
import { composeExperiment } from '../composition/compose-experiment';
import { resolveExperimentConfig } from '../config/resolve-config';
import { ExperimentLoop } from './experiment-loop';

const config = resolveExperimentConfig({
  environment: { id: 'MinAtar/Breakout-v1' },
  agent: { name: 'dqn', options: { minReplayHistory: 60, batchSize: 8, targetUpdatePeriod: 20 } },
  network: { options: { denseUnits: 16 } },
  replay: { capacity: 1000 },
  pruner: { name: 'gmp', options: { sparsity: 0.8, updateFrequency: 5 } },
  budget: { iterations: 2, stepsPerIteration: 120 },
  // A large evaluation epsilon makes acting in eval mode draw visibly from the agent's streams.
  evaluation: { episodes: 2, epsilonEval: 0.5 },
});

/** Keeps every record but the timings, which differ between two runs. */
class MemorySink implements MetricSink {
  readonly records: MetricRecord[] = [];
  write(record: MetricRecord): void {
    if (!record.name.startsWith('time/')) this.records.push(record);
  }
}

/** Runs the experiment to its end, stopping every `stopEvery` polls (0: never) and calling run() again. */
async function records(stopEvery: number): Promise<{ records: MetricRecord[]; trainStops: number; evalStops: number }> {
  const parts = composeExperiment(config, 3);
  const sink = new MemorySink();
  let polls = 0;
  let trainStops = 0;
  let evalStops = 0;
  // Which environment stepped last tells the phase a stop fell in.
  let phase = 'train' as 'train' | 'eval';
  for (const [env, name] of [[parts.env, 'train'], [parts.evalEnv, 'eval']] as const) {
    const step = env.step.bind(env);
    env.step = (action) => {
      phase = name;
      return step(action);
    };
  }
  const loop = new ExperimentLoop(parts, {
    seed: 3,
    iterations: config.budget.iterations,
    stepsPerIteration: config.budget.stepsPerIteration,
    evalEpisodes: config.evaluation.episodes,
    sinks: [sink],
    shouldStop: () => stopEvery > 0 && ++polls % stopEvery === 0,
  });
  try {
    for (;;) {
      const outcome = await loop.run();
      if (outcome.status === 'complete') break;
      if (phase === 'eval') evalStops += 1;
      else trainStops += 1;
    }
    return { records: sink.records, trainStops, evalStops };
  } finally {
    parts.dispose();
  }
}

describe(ExperimentLoop.name, () => {
  beforeAll(async () => {
    await initBackend({ name: 'wasm' });
  });

  it('should continue in the same process after a stop, with the records of an uninterrupted run', async () => {
    const uninterrupted = await records(0);
    const before = tf.memory().numTensors;
    const interrupted = await records(41);
    expect(tf.memory().numTensors).toBe(before);
    expect(interrupted.trainStops).toBeGreaterThan(3);
    expect(interrupted.evalStops).toBeGreaterThan(0);
    expect(interrupted.records.filter((r) => r.name === 'eval/return')).toHaveLength(2);
    expect(uninterrupted.records.length).toBeGreaterThan(20);
    expect(interrupted.records).toEqual(uninterrupted.records);
  }, 120_000);

  it('should count the training time before a stop when run() continues in the same process', async () => {
    // A clock that only the stop polls move, 1 ms each: the run's time is its number of polls.
    const parts = composeExperiment(config, 3);
    const times: number[] = [];
    let clock = 0;
    let polls = 0;
    const loop = new ExperimentLoop(parts, {
      seed: 3,
      iterations: config.budget.iterations,
      stepsPerIteration: config.budget.stepsPerIteration,
      evalEpisodes: 0,
      sinks: [{ write: (r) => void (r.name === 'time/train_seconds' && times.push(r.value as number)) }],
      now: () => clock,
      shouldStop: () => {
        clock += 1;
        return ++polls % 50 === 0;
      },
    });
    try {
      let stops = 0;
      while ((await loop.run()).status !== 'complete') stops += 1;
      expect(stops).toBeGreaterThan(3);
      expect(times.at(-1)).toBeCloseTo(clock / 1000, 6);
    } finally {
      parts.dispose();
    }
  }, 120_000);
});

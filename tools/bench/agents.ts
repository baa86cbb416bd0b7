/**
 * Times the agents of @prunerl/agents on the wasm backend with prunerl's real networks and replay:
 * one gradient update (`agent.update()`: sample, TD targets, loss and gradients, hooks, optimiser),
 * its optimiser share alone, acting on one observation and acting on a batch of 16 in one forward pass.
 *
 *   npx tsx --conditions=@prunerl/source tools/bench/agents.ts [--json] [--repeats 100]
 *
 * Networks: the `classic` preset's MLP [64, 64] on CartPole-sized input (4 floats), the `minatar`
 * preset's MinAtar CNN and the Impala ResNet (width 1) on MinAtar-sized input (10x10x4); batch 32
 * (64 for `classic`) as the presets say.
 */
import { agentPreset, createOptimizer, DQNAgent, RainbowAgent, type PresetName, type ValueAgent } from '@prunerl/agents';
import { describeBackend, initBackend } from '@prunerl/backend';
import { Rng, type Parameter } from '@prunerl/core';
import { QNetworkFactory } from '@prunerl/networks';
import { PrioritizedReplayBuffer, UniformReplayBuffer } from '@prunerl/replay';
import * as tf from '@tensorflow/tfjs-core';
import { ms, time, type TimingSummary } from './stats';

interface Case {
  readonly name: string;
  readonly preset: PresetName;
  readonly agent: 'dqn' | 'rainbow';
  readonly torso?: 'minatar-cnn' | 'impala';
  readonly observationShape: number[];
  readonly numActions: number;
}

const CASES: readonly Case[] = [
  { name: 'DQN, mlp [64, 64], 4 inputs', preset: 'classic', agent: 'dqn', observationShape: [4], numActions: 2 },
  { name: 'Rainbow, mlp [64, 64], 4 inputs', preset: 'classic', agent: 'rainbow', observationShape: [4], numActions: 2 },
  { name: 'DQN, minatar-cnn, 10x10x4', preset: 'minatar', agent: 'dqn', observationShape: [10, 10, 4], numActions: 6 },
  { name: 'Rainbow, minatar-cnn, 10x10x4', preset: 'minatar', agent: 'rainbow', observationShape: [10, 10, 4], numActions: 6 },
  { name: 'DQN, impala x1, 10x10x4', preset: 'minatar', agent: 'dqn', torso: 'impala', observationShape: [10, 10, 4], numActions: 6 },
];

interface Result {
  readonly name: string;
  readonly update: TimingSummary;
  readonly optimizer: TimingSummary;
  readonly act: TimingSummary;
  readonly act16: TimingSummary;
}

async function bench(c: Case, repeats: number): Promise<Result> {
  const preset = agentPreset(c.preset, c.agent);
  const rng = Rng.fromSeed(0);
  const data = rng.split('data');
  const size = c.observationShape.reduce((a, b) => a * b, 1);
  const float = c.preset === 'classic';
  const replayOptions = {
    capacity: 10_000,
    observationShape: c.observationShape,
    observationDtype: float ? ('float32' as const) : ('uint8' as const),
    nStep: preset.replay.nStep,
    gamma: preset.replay.gamma,
  };
  const replay = preset.replay.kind === 'prioritized' ? new PrioritizedReplayBuffer(replayOptions) : new UniformReplayBuffer(replayOptions);
  const observation = (): Float32Array | Uint8Array =>
    float ? data.fillNormal(new Float32Array(size)) : Uint8Array.from({ length: size }, () => (data.uniform() < 0.1 ? 1 : 0));
  const { torso: _torso, ...network } = preset.network;
  const input = {
    networkFactory: new QNetworkFactory({ ...network, torso: c.torso ?? preset.network.torso }),
    replay,
    optimizer: createOptimizer(preset.optimizer),
    numActions: c.numActions,
    observationShape: c.observationShape,
    ...preset.agentOptions,
    rng: rng.split('agent'),
  };
  const agent: ValueAgent = c.agent === 'dqn' ? new DQNAgent(input) : new RainbowAgent(input);
  let current = observation();
  for (let i = 0; i < 1_000; i++) {
    const next = observation();
    replay.add({ observation: current, action: data.uniformInt(0, c.numActions), reward: data.uniform(), nextObservation: next, terminated: data.bernoulli(0.02), truncated: false });
    current = next;
  }
  agent.update(); // the optimiser creates its slots on the first update: count leaks after it
  const before = tf.memory().numTensors;
  const update = await time(() => agent.update(), repeats);
  const parameters: readonly Parameter[] = agent.online.parameters();
  const gradients = new Map(parameters.map((p) => [p.name, tf.onesLike(p.variable)]));
  const optimizer = await time(() => agent.optimizer.apply(gradients, parameters), repeats);
  tf.dispose([...gradients.values()]);
  const one = observation();
  const act = await time(() => agent.act(one, 'eval'), repeats * 4);
  const batch = new (float ? Float32Array : Uint8Array)(16 * size);
  for (let i = 0; i < 16; i++) batch.set(observation(), i * size);
  const act16 = await time(() => agent.actBatch(batch, 16, 'eval'), repeats * 2);
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`${c.name}: leaked ${leaked} tensors`);
  agent.dispose();
  return { name: c.name, update, optimizer, act, act16 };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const index = process.argv.indexOf('--repeats');
  const repeats = index >= 0 ? Number(process.argv[index + 1]) : 100;
  const info = await initBackend({ name: 'wasm' });
  const results: Result[] = [];
  for (const c of CASES) results.push(await bench(c, c.torso === 'impala' ? Math.max(5, Math.round(repeats / 10)) : repeats));
  if (json) {
    console.log(JSON.stringify({ benchmark: 'agents', backend: describeBackend(info), results }, null, 2));
    return;
  }
  console.log(`@prunerl/agents on ${describeBackend(info)} (median [min-max] ms)`);
  const cell = (t: TimingSummary): string => `${ms(t.median)} [${ms(t.min)}-${ms(t.max)}]`;
  console.log('case'.padEnd(34), 'update'.padEnd(22), 'optimizer share'.padEnd(22), 'act (1 obs)'.padEnd(22), 'actBatch (16 obs)');
  for (const r of results) console.log(r.name.padEnd(34), cell(r.update).padEnd(22), cell(r.optimizer).padEnd(22), cell(r.act).padEnd(22), cell(r.act16));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

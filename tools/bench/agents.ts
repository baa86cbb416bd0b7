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
 *
 * `benchAgent` is also what the suite (`tools/bench/index.ts`) runs for its update and acting rows.
 */
import { pathToFileURL } from 'node:url';
import { createOptimizer, DQNAgent, RainbowAgent, type ValueAgent } from '@prunerl/agents';
import { describeBackend, initBackend } from '@prunerl/backend';
import { Rng, type Optimizer, type Parameter, type UpdateHook } from '@prunerl/core';
import { QNetworkFactory, type TorsoName } from '@prunerl/networks';
import { PrioritizedReplayBuffer, UniformReplayBuffer } from '@prunerl/replay';
import { agentPreset, type PresetName } from '@prunerl/runner';
import * as tf from '@tensorflow/tfjs-core';
import { ms, time, type TimingSummary } from './stats';

/** One agent configuration to time. */
export interface AgentCase {
  readonly name: string;
  readonly preset: PresetName;
  readonly agent: 'dqn' | 'rainbow';
  readonly torso?: TorsoName;
  /** Width multiplier of the torso. Default 1. */
  readonly width?: number;
  readonly observationShape: readonly number[];
  readonly numActions: number;
  /** Update hooks (e.g. a pruner whose masks the update applies). Built per run; the agent disposes them. */
  readonly hooks?: () => UpdateHook[];
  /** The optimiser; default the preset's (`createOptimizer`). */
  readonly optimizer?: () => Optimizer;
}

/** What {@link benchAgent} measures. */
export interface AgentTimings {
  readonly name: string;
  readonly parameters: number;
  readonly update: TimingSummary;
  readonly optimizer: TimingSummary | undefined;
  readonly act: TimingSummary;
  readonly actBatch: TimingSummary;
  readonly actBatchSize: number;
}

/** Options of {@link benchAgent}. */
export interface AgentBenchOptions {
  /** Timed updates; acting is timed 4x (batch 1) and 2x (batch N) as often. Default from the budget. */
  readonly repeats?: number;
  /** When `repeats` is not given: about this many ms of timed updates (5 to 100 repeats). Default 3000. */
  readonly budgetMs?: number;
  /** Observations per `actBatch` call. Default 16. */
  readonly actBatchSize?: number;
  /** Time the optimiser alone too. Default true. */
  readonly optimizerShare?: boolean;
}

const CASES: readonly AgentCase[] = [
  { name: 'DQN, mlp [64, 64], 4 inputs', preset: 'classic', agent: 'dqn', observationShape: [4], numActions: 2 },
  { name: 'Rainbow, mlp [64, 64], 4 inputs', preset: 'classic', agent: 'rainbow', observationShape: [4], numActions: 2 },
  { name: 'DQN, minatar-cnn, 10x10x4', preset: 'minatar', agent: 'dqn', observationShape: [10, 10, 4], numActions: 6 },
  { name: 'Rainbow, minatar-cnn, 10x10x4', preset: 'minatar', agent: 'rainbow', observationShape: [10, 10, 4], numActions: 6 },
  { name: 'DQN, impala x1, 10x10x4', preset: 'minatar', agent: 'dqn', torso: 'impala', observationShape: [10, 10, 4], numActions: 6 },
];

/** An agent of `c` over a replay buffer of 1,000 random transitions, updated past its first mask and synced. */
export interface PreparedAgent {
  readonly agent: ValueAgent;
  /** A fresh random observation of the case's kind. */
  readonly observation: () => Float32Array | Uint8Array;
  readonly float: boolean;
  readonly size: number;
}

/**
 * Builds the agent of `c` with a replay buffer of 1,000 random transitions (0/1 grids for image
 * inputs, as MinAtar; 0..255 bytes for 84x84 frames, as Atari), updates it twice (optimiser slots and
 * a pruner's masks exist afterwards) and syncs its target, as a run past its pruning phase.
 * The caller disposes `agent`.
 */
export function prepareBenchAgent(c: AgentCase): PreparedAgent {
  const preset = agentPreset(c.preset, c.agent);
  const rng = Rng.fromSeed(0);
  const data = rng.split('data');
  const shape = [...c.observationShape];
  const size = shape.reduce((a, b) => a * b, 1);
  const float = c.preset === 'classic';
  const atari = shape.length === 3 && shape[0]! >= 84;
  const replayOptions = {
    capacity: 10_000,
    observationShape: shape,
    observationDtype: float ? ('float32' as const) : ('uint8' as const),
    nStep: preset.replay.nStep,
    gamma: preset.replay.gamma,
  };
  const replay = preset.replay.kind === 'prioritized' ? new PrioritizedReplayBuffer(replayOptions) : new UniformReplayBuffer(replayOptions);
  const observation = (): Float32Array | Uint8Array => {
    if (float) return data.fillNormal(new Float32Array(size));
    return Uint8Array.from({ length: size }, () => (atari ? data.uniformInt(0, 256) : data.uniform() < 0.1 ? 1 : 0));
  };
  const { torso: _torso, ...network } = preset.network;
  const input = {
    networkFactory: new QNetworkFactory({ ...network, torso: c.torso ?? preset.network.torso, width: c.width ?? 1, inputScale: atari ? 1 / 255 : 1 }),
    replay,
    optimizer: c.optimizer?.() ?? createOptimizer(preset.optimizer),
    numActions: c.numActions,
    observationShape: shape,
    ...preset.agentOptions,
    hooks: c.hooks?.() ?? [],
    rng: rng.split('agent'),
  };
  const agent: ValueAgent = c.agent === 'dqn' ? new DQNAgent(input) : new RainbowAgent(input);
  try {
    let current = observation();
    for (let i = 0; i < 1_000; i++) {
      const next = observation();
      replay.add({ observation: current, action: data.uniformInt(0, c.numActions), reward: data.uniform(), nextObservation: next, terminated: data.bernoulli(0.02), truncated: false });
      current = next;
    }
    // The optimiser creates its slots and a pruner its masks on the first updates.
    agent.update();
    agent.update();
    // As a run past its pruning phase: the target network has synced since the masks were applied,
    // so it holds the pruned weights too (a real run syncs every few thousand updates).
    agent.syncTarget();
  } catch (error) {
    agent.dispose();
    throw error;
  }
  return { agent, observation, float, size };
}

/**
 * Times `agent.update()` of {@link prepareBenchAgent}'s agent, the optimiser alone, `act` (one
 * observation, `eval`) and `actBatch` (N observations, one forward pass). Throws if a timed call leaks
 * tensors.
 */
export async function benchAgent(c: AgentCase, options: AgentBenchOptions = {}): Promise<AgentTimings> {
  const { agent, observation, float, size } = prepareBenchAgent(c);
  try {
    const before = tf.memory().numTensors;
    let repeats = options.repeats;
    const probe = performance.now();
    agent.update();
    const timedEstimate = Math.max(performance.now() - probe, 0.05);
    repeats ??= Math.max(5, Math.min(100, Math.ceil((options.budgetMs ?? 3000) / timedEstimate)));
    // Steady state, as a long run sees it: V8 optimises the update's JavaScript (engine, tape,
    // replay sampling) only after many calls, so warm up for a sixth of the budget (>= 10 updates).
    const warmup = Math.max(10, Math.ceil((options.budgetMs ?? 3000) / 6 / (timedEstimate ?? 1)));
    const update = await time(() => agent.update(), repeats, warmup);
    let optimizer: TimingSummary | undefined;
    if (options.optimizerShare !== false) {
      const parameters: readonly Parameter[] = agent.online.parameters();
      const gradients = new Map(parameters.map((p) => [p.name, tf.onesLike(p.variable)]));
      optimizer = await time(() => agent.optimizer.apply(gradients, parameters), repeats, 2);
      tf.dispose([...gradients.values()]);
    }
    const one = observation();
    const act = await time(() => agent.act(one, 'eval'), Math.min(400, repeats * 4), 5);
    const n = options.actBatchSize ?? 16;
    const batch = new (float ? Float32Array : Uint8Array)(n * size);
    for (let i = 0; i < n; i++) batch.set(observation(), i * size);
    const actBatch = await time(() => agent.actBatch(batch, n, 'eval'), Math.min(200, repeats * 2), 3);
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) throw new Error(`${c.name}: leaked ${leaked} tensors`);
    return { name: c.name, parameters: agent.online.countParameters(), update, optimizer, act, actBatch, actBatchSize: n };
  } finally {
    agent.dispose();
  }
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const index = process.argv.indexOf('--repeats');
  const repeats = index >= 0 ? Number(process.argv[index + 1]) : 100;
  const info = await initBackend({ name: 'wasm' });
  const results: AgentTimings[] = [];
  for (const c of CASES) results.push(await benchAgent(c, { repeats: c.torso === 'impala' ? Math.max(5, Math.round(repeats / 10)) : repeats }));
  if (json) {
    console.log(JSON.stringify({ benchmark: 'agents', backend: describeBackend(info), results }, null, 2));
    return;
  }
  console.log(`@prunerl/agents on ${describeBackend(info)} (median [min-max] ms)`);
  const cell = (t: TimingSummary | undefined): string => (t ? `${ms(t.median)} [${ms(t.min)}-${ms(t.max)}]` : '');
  console.log('case'.padEnd(34), 'update'.padEnd(22), 'optimizer share'.padEnd(22), 'act (1 obs)'.padEnd(22), 'actBatch (16 obs)');
  for (const r of results) console.log(r.name.padEnd(34), cell(r.update).padEnd(22), cell(r.optimizer).padEnd(22), cell(r.act).padEnd(22), cell(r.actBatch));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

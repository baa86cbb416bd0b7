// The code of docs/composing-agents.md, run as a test. Every ```ts block of that page must appear
// verbatim in this file (checked at the bottom), so the page cannot drift from working code.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

// ---- docs: imports ----
import 'reflect-metadata';
import { initBackend } from '@prunerl/backend';
import { AdamOptimizer, DQNAgent, plannedUpdates } from '@prunerl/agents';
import { agentsModule } from '@prunerl/agents/inversify';
import { pruners, Rng, TOKENS, type Action, type Agent, type Discrete, type Environment, type Pruner, type TypedArray } from '@prunerl/core';
import { make } from '@prunerl/environments';
import { environmentsModule } from '@prunerl/environments/inversify';
import { QNetworkFactory } from '@prunerl/networks';
import { networksModule } from '@prunerl/networks/inversify';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { pruningModule } from '@prunerl/pruning/inversify';
import { UniformReplayBuffer } from '@prunerl/replay';
import { replayModule } from '@prunerl/replay/inversify';
import { buildExperiment, ExperimentLoop, resolveExperimentConfig, trainRun } from '@prunerl/runner';
import { Container } from 'inversify';
// ---- end of imports ----
import { pageCodeCheck } from './page-code.fixture';

// ---- docs: the loop ----
/** Trains `agent` on `env` for `steps` environment steps, one seeded episode after another. */
function train(agent: Agent, env: Environment<TypedArray, Action>, steps: number): number[] {
  const returns: number[] = [];
  let episode = 0;
  let total = 0;
  let { observation } = env.reset({ seed: episode });
  for (let step = 0; step < steps; step++) {
    const action = agent.act(observation, 'train');
    const result = env.step(action);
    agent.observe({ observation, action, reward: result.reward, nextObservation: result.observation, terminated: result.terminated, truncated: result.truncated });
    total += result.reward;
    observation = result.observation;
    if (result.terminated || result.truncated) {
      returns.push(total);
      total = 0;
      observation = env.reset({ seed: ++episode }).observation;
    }
  }
  return returns;
}
// ---- end of the loop ----

async function plainConstructors(): Promise<{ agent: Agent; pruner: Pruner; env: Environment<TypedArray, Action> }> {
  // ---- docs: plain constructors ----
  await initBackend({ name: 'wasm' });
  const env = make('MinAtar/Breakout-v1');
  const observationShape = env.observationSpace.shape; // [10, 10, 4]
  const numActions = (env.actionSpace as Discrete).n; // 6
  const totalSteps = 2_000;

  const pruner = new GradualMagnitudePruner({ sparsity: 0.95, updateFrequency: 50 });
  const agent = new DQNAgent({
    networkFactory: new QNetworkFactory({ torso: 'minatar-cnn', head: 'q', width: 1 }),
    replay: new UniformReplayBuffer({ capacity: 100_000, observationShape, observationDtype: 'uint8', nStep: 1, gamma: 0.99 }),
    optimizer: new AdamOptimizer({ learningRate: 2.5e-4, epsilon: 3.125e-4 }),
    hooks: [pruner], // any UpdateHook: pruners, ReDo, your own
    numActions,
    observationShape,
    rng: Rng.fromSeed(0).split('agent'),
    minReplayHistory: 500,
    updatePeriod: 4,
    targetUpdatePeriod: 1_000,
    totalSteps, // so the pruning schedule (20%-80% of the updates) knows the run's length
  });

  const returns = train(agent, env, totalSteps);
  console.log(`${returns.length} episodes, sparsity ${pruner.sparsity().overall.toFixed(3)}`); // "... episodes, sparsity 0.950"
  // ---- end of plain constructors ----
  return { agent, pruner, env };
}

async function withTheContainer(): Promise<{ agent: Agent; pruner: Pruner; env: Environment<TypedArray, Action>; container: Container }> {
  const totalSteps = 2_000;
  // ---- docs: the container ----
  const container = new Container();
  container.bind(TOKENS.Rng).toConstantValue(Rng.fromSeed(0)); // every module splits its stream from it
  container.bind(TOKENS.TotalUpdates).toConstantValue(plannedUpdates({ totalSteps, minReplayHistory: 500, updatePeriod: 4 }));
  await container.load(
    environmentsModule({ id: 'MinAtar/Breakout-v1' }),
    networksModule({ network: 'minatar-cnn', options: { head: 'q', width: 1 } }),
    replayModule({ buffer: 'uniform', options: { capacity: 100_000, nStep: 1, gamma: 0.99 } }),
    pruningModule({ pruner: 'gmp', options: { sparsity: 0.95, updateFrequency: 50 } }),
    agentsModule({
      agent: 'dqn',
      numActions: 6,
      observationShape: [10, 10, 4],
      options: { minReplayHistory: 500, updatePeriod: 4, targetUpdatePeriod: 1_000, totalSteps },
      optimizer: { kind: 'adam', learningRate: 2.5e-4, epsilon: 3.125e-4 },
    }),
  );
  const agent = container.get<Agent>(TOKENS.Agent);
  const pruner = container.get<Pruner>(TOKENS.Pruner); // the same instance the agent calls
  const env = container.get<Environment>(TOKENS.Environment);
  train(agent, env, totalSteps);
  // ---- end of the container ----
  return { agent, pruner, env, container };
}

describe('docs/composing-agents.md', () => {
  let logged: unknown[] = [];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((...values: unknown[]) => void logged.push(values.join(' ')));
  });
  afterEach(() => jest.restoreAllMocks());

  it('should train the same pruned agent from plain constructors and from the container', async () => {
    const plain = await plainConstructors();
    expect(String(logged[0])).toMatch(/^\d+ episodes, sparsity 0\.950$/);
    const contained = await withTheContainer();
    expect(contained.pruner.sparsity().overall).toBeCloseTo(plain.pruner.sparsity().overall, 10);
    // Same streams (`agent`, `pruning`), same seeds, same episodes: the same weights.
    const weights = (agent: Agent) => (agent.state() as unknown as { online: Record<string, { values: Float32Array }> }).online;
    const a = weights(plain.agent);
    const b = weights(contained.agent);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(Array.from(b[name]!.values)).toEqual(Array.from(a[name]!.values));
    plain.agent.dispose();
    contained.agent.dispose();
  }, 120_000);

  it('should run the same experiment through the runner, in memory and with files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prunerl-docs-'));
    try {
      // ---- docs: the runner ----
      const config = resolveExperimentConfig({
        environment: { id: 'MinAtar/Breakout-v1' },
        agent: { name: 'dqn', options: { minReplayHistory: 500 } }, // over the `minatar` preset
        pruner: { name: 'gmp', options: { sparsity: 0.95, updateFrequency: 50 } },
        budget: { iterations: 2, stepsPerIteration: 1_000 },
        outputDir: dir,
      });

      // In memory: the parts by registry names, Dopamine's iteration loop, no files.
      const parts = await buildExperiment(config, 0);
      const outcome = await new ExperimentLoop(parts, { seed: 0, iterations: 2, stepsPerIteration: 1_000 }).run();
      console.log(outcome.status, parts.pruner?.sparsity().overall.toFixed(3)); // complete 0.950
      parts.dispose();

      // With files: logs, checkpoints after every iteration, resume, the report's run directory.
      const result = await trainRun({ config, seed: 0 });
      console.log(result.status, result.directory); // complete <dir>/breakout-dqn-gmp-w1/seed-0
      // ---- end of the runner ----
      expect(logged).toEqual(['complete 0.950', `complete ${join(dir, 'breakout-dqn-gmp-w1', 'seed-0')}`]);
      expect(result.metadata.finalSparsity).toBeCloseTo(0.95, 3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('should register a pruner by name so configs can use it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prunerl-docs-'));
    try {
      // ---- docs: by name ----
      // In a plugin module (`prunerl train exp.yaml --plugin ./my-plugin.js`) or before building:
      pruners.register('gmp-late', (options, context) => new GradualMagnitudePruner({ startFraction: 0.5, ...options, ...context }), {
        description: 'GMP starting at half of training',
        override: true,
      });
      const config = resolveExperimentConfig({
        environment: { id: 'MinAtar/Breakout-v1' },
        agent: { name: 'dqn', options: { minReplayHistory: 200 } },
        pruner: { name: 'gmp-late', options: { sparsity: 0.9, updateFrequency: 20 } },
        budget: { iterations: 1, stepsPerIteration: 600 },
        outputDir: dir,
      });
      const parts = await buildExperiment(config, 0);
      await new ExperimentLoop(parts, { seed: 0, iterations: 1, stepsPerIteration: 600 }).run();
      // ---- end of by name ----
      expect(parts.pruner?.sparsity().overall).toBeCloseTo(0.9, 3);
      parts.dispose();
    } finally {
      pruners.unregister('gmp-late');
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('should leave no tensors behind', () => {
    // Every agent above was disposed; only the backend's own tensors may remain.
    expect(tf.memory().numTensors).toBeLessThan(5);
  });

  it('should show only code that is in this file', () => {
    const { blocks, missing } = pageCodeCheck(join(__dirname, '..', '..', '..', '..', 'docs', 'composing-agents.md'), __filename);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(missing).toEqual([]);
  });
});

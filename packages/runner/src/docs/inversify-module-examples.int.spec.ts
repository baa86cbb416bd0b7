// The `@example` of every package's inversify module (`<package>/src/inversify/<package>-module.ts`),
// run as a test. Each example must appear verbatim in this file (checked at the bottom), so the TSDoc
// cannot show options that no longer exist. It lives in the composition root because the agents
// module's example loads the other packages' modules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import 'reflect-metadata';
import { DQNAgent } from '@prunerl/agents';
import { agentsModule } from '@prunerl/agents/inversify';
import { initBackend } from '@prunerl/backend';
import { Rng, TOKENS, type Agent, type EnvironmentFactory, type NetworkFactory, type ReplayBuffer, type UpdateHook } from '@prunerl/core';
import { environmentsModule } from '@prunerl/environments/inversify';
import { DiagnosticsProbe } from '@prunerl/evaluation';
import { evaluationModule } from '@prunerl/evaluation/inversify';
import { networksModule } from '@prunerl/networks/inversify';
import { plasticityModule } from '@prunerl/plasticity/inversify';
import { GradualMagnitudePruner } from '@prunerl/pruning';
import { pruningModule } from '@prunerl/pruning/inversify';
import { replayModule } from '@prunerl/replay/inversify';
import { Container } from 'inversify';
import { normaliseCode } from './page-code.fixture';

const PACKAGES = ['agents', 'environments', 'evaluation', 'networks', 'plasticity', 'pruning', 'replay'] as const;

async function agentsExample(): Promise<Agent> {
  const container = new Container();
  container.bind(TOKENS.TotalUpdates).toConstantValue(10_000); // the pruning schedule's length
  await container.load(
    networksModule({ network: 'mlp', options: { head: 'q', hiddenSizes: [64, 64] } }),
    replayModule({ buffer: 'uniform', options: { capacity: 50_000 }, observationShape: [4], observationDtype: 'float32' }),
    pruningModule({ pruner: 'gmp', options: { sparsity: 0.9 } }),
    agentsModule({ agent: 'dqn', numActions: 2, observationShape: [4], optimizer: { kind: 'adam', learningRate: 1e-3 } }),
  );
  const agent = container.get<Agent>(TOKENS.Agent); // a DQNAgent whose one hook is the pruner
  return agent;
}

function environmentsExample() {
  const container = new Container();
  container.loadSync(environmentsModule({ id: 'MinAtar/Breakout-v1', options: { stickyActionProb: 0.1 } }));
  const makeEnv = container.get<EnvironmentFactory>(TOKENS.EnvironmentFactory);
  const env = makeEnv();
  return env;
}

async function evaluationExample(): Promise<UpdateHook[]> {
  const container = new Container();
  await container.load(evaluationModule({ diagnostics: { every: 1000 } }));
  const hooks = container.getAll<UpdateHook>(TOKENS.UpdateHook); // [DiagnosticsProbe]
  return hooks;
}

async function networksExample() {
  const container = new Container();
  await container.load(networksModule({ network: 'impala', options: { head: 'q', width: 3 } }));
  const factory = container.get<NetworkFactory>(TOKENS.NetworkFactory);
  const online = factory.create({ observationShape: [84, 84, 4], numActions: 18, seed: 0, scope: 'online' });
  return online;
}

async function plasticityExample(): Promise<UpdateHook[]> {
  const container = new Container();
  container.bind(TOKENS.Rng).toConstantValue(Rng.fromSeed(0));
  await container.load(plasticityModule({ hooks: [{ name: 'weight-decay', options: { weightDecay: 1e-5 } }] }));
  const hooks = container.getAll<UpdateHook>(TOKENS.UpdateHook); // [WeightDecay]
  return hooks;
}

async function pruningExample(): Promise<UpdateHook[]> {
  const container = new Container();
  container.bind(TOKENS.TotalUpdates).toConstantValue(2_500_000);
  await container.load(pruningModule({ pruner: 'gmp', options: { sparsity: 0.95 } }));
  const hooks = container.getAll<UpdateHook>(TOKENS.UpdateHook); // [GradualMagnitudePruner]
  return hooks;
}

async function replayExample(): Promise<ReplayBuffer> {
  const container = new Container();
  await container.load(replayModule({ buffer: 'prioritized', options: { capacity: 100_000, nStep: 3 }, observationShape: [10, 10, 4], observationDtype: 'uint8' }));
  const replay = container.get<ReplayBuffer>(TOKENS.ReplayBuffer);
  return replay;
}

/** The ```ts block after `@example` in the TSDoc of a package's module, without the ` * ` margin. */
function moduleExample(name: (typeof PACKAGES)[number]): string {
  const source = readFileSync(join(__dirname, '..', '..', '..', name, 'src', 'inversify', `${name}-module.ts`), 'utf8');
  const block = /@example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/.exec(source)?.[1];
  if (block === undefined) throw new Error(`no @example block in ${name}-module.ts`);
  return block
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n');
}

describe('the inversify modules\' @examples', () => {
  beforeAll(() => initBackend({ name: 'wasm' }));

  it('should resolve the agents module\'s agent with the pruner as its hook', async () => {
    const agent = await agentsExample();
    expect(agent).toBeInstanceOf(DQNAgent);
    expect((agent as DQNAgent).hooks.map((hook) => hook.name)).toEqual(['gmp']);
    agent.dispose();
  });

  it('should make the environments module\'s environments', () => {
    const env = environmentsExample();
    expect(env.observationSpace.shape).toEqual([10, 10, 4]);
    env.close();
  });

  it('should bind the evaluation, plasticity and pruning modules\' hooks', async () => {
    const [probe] = await evaluationExample();
    expect(probe).toBeInstanceOf(DiagnosticsProbe);
    expect((await plasticityExample()).map((hook) => hook.name)).toEqual(['weight-decay']);
    const hooks = await pruningExample();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toBeInstanceOf(GradualMagnitudePruner);
  });

  it('should build the networks and replay modules\' parts', async () => {
    const online = await networksExample();
    expect(online.numActions).toBe(18);
    online.dispose();
    const replay = await replayExample();
    expect(replay.prioritized).toBe(true);
    expect(tf.memory().numTensors).toBeLessThan(5);
  });

  it.each(PACKAGES)('should show the %s module\'s example as this file runs it', (name) => {
    expect(normaliseCode(readFileSync(__filename, 'utf8'))).toContain(normaliseCode(moduleExample(name)));
  });
});

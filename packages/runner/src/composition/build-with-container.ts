import 'reflect-metadata';
import { agentsModule } from '@prunerl/agents/inversify';
import { environmentsModule } from '@prunerl/environments/inversify';
import {
  environments,
  networks,
  pruners,
  replayBuffers,
  TOKENS,
  type Agent,
  type Environment,
  type NetworkFactory,
  type Optimizer,
  type ReplayBuffer,
  type TypedArray,
  type UpdateHook,
} from '@prunerl/core';
import { networksModule } from '@prunerl/networks/inversify';
import { pruningModule } from '@prunerl/pruning/inversify';
import { replayModule } from '@prunerl/replay/inversify';
import { Container } from 'inversify';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import { buildHooks, buildOptimizer, networkOptionsOf, taskOf, type AgentCollaborators } from './build-parts';
import { inSection, lookup } from './registry-lookup';

/**
 * The container path of composition (DESIGN.md, "Composition" 2): loads the packages' inversify
 * modules (`@prunerl/environments/inversify`, `@prunerl/networks/inversify`,
 * `@prunerl/replay/inversify`, `@prunerl/pruning/inversify`, `@prunerl/agents/inversify`) into one
 * container, binds the run's root `Rng`, total updates, optimiser and the config's other hooks, and
 * resolves `TOKENS.Agent` and two `TOKENS.Environment`s (transient: training and evaluation). The
 * streams are the ones the registry path uses (`agent`, `pruning`), so both paths train identically.
 */
export async function buildWithContainer(
  config: ResolvedExperimentConfig,
  { root, totalUpdates }: Omit<AgentCollaborators, 'task'>,
): Promise<{
  env: Environment<TypedArray, number>;
  evalEnv: Environment<TypedArray, number>;
  agent: Agent;
  replay: ReplayBuffer;
  hooks: UpdateHook[];
  container: Container;
}> {
  const container = new Container();
  container.bind(TOKENS.Rng).toConstantValue(root);
  if (totalUpdates !== undefined) container.bind(TOKENS.TotalUpdates).toConstantValue(totalUpdates);
  lookup(environments, config.environment.id, 'environment.id');
  await container.load(inSection('environment.options', () => environmentsModule({ id: config.environment.id, options: { ...config.environment.options } })));
  const env = container.get<Environment<TypedArray, number>>(TOKENS.Environment);
  const evalEnv = container.get<Environment<TypedArray, number>>(TOKENS.Environment);
  try {
    return { env, evalEnv, ...(await bindAgent(container, config, { root, task: taskOf(env), totalUpdates })) };
  } catch (error) {
    env.close();
    evalEnv.close();
    throw error;
  }
}

async function bindAgent(
  container: Container,
  config: ResolvedExperimentConfig,
  { root, task, totalUpdates }: AgentCollaborators,
): Promise<{ agent: Agent; replay: ReplayBuffer; hooks: UpdateHook[]; container: Container }> {
  container.bind<Optimizer>(TOKENS.Optimizer).toConstantValue(buildOptimizer(config));
  lookup(replayBuffers, config.replay.name, 'replay.name');
  lookup(networks, config.network.torso, 'network.torso');
  await container.load(
    networksModule({ network: config.network.torso, options: networkOptionsOf(config, task) }),
    replayModule({
      buffer: config.replay.name,
      options: { ...config.replay.options, ...(config.replay.capacity !== undefined ? { capacity: config.replay.capacity } : {}) },
    }),
  );
  // The config's other hooks join the multi-binding before the pruner, in the registry path's order
  // (the pruner last, see buildHooks); they see the container's (singleton) network factory and
  // replay buffer, as the registry path's hooks do.
  const networkFactory = inSection('network', () => container.get<NetworkFactory>(TOKENS.NetworkFactory));
  const hookReplay = inSection('replay', () => container.get<ReplayBuffer>(TOKENS.ReplayBuffer));
  const others = buildHooks({ ...config, pruner: null }, root, totalUpdates, { networkFactory, replay: hookReplay });
  for (const hook of others) container.bind<UpdateHook>(TOKENS.UpdateHook).toConstantValue(hook);
  if (config.pruner) {
    lookup(pruners, config.pruner.name, 'pruner.name');
    await container.load(pruningModule({ pruner: config.pruner.name, options: { ...config.pruner.options } }));
  }
  await container.load(
    inSection('agent', () =>
      agentsModule({ agent: config.agent.name, numActions: task.numActions, observationShape: [...task.observationShape], options: { ...config.agent.options } }),
    ),
  );
  // Resolve the singletons one by one first, so a factory's complaint names its config section.
  inSection('network', () => container.get(TOKENS.NetworkFactory));
  if (config.pruner) inSection('pruner.options', () => container.get(TOKENS.Pruner));
  const replay = inSection('replay', () => container.get<ReplayBuffer>(TOKENS.ReplayBuffer));
  const agent = inSection('agent', () => container.get<Agent>(TOKENS.Agent));
  const hooks = container.isBound(TOKENS.UpdateHook) ? container.getAll<UpdateHook>(TOKENS.UpdateHook) : [];
  return { agent, replay, hooks, container };
}

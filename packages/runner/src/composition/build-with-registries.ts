import { agents, type Agent, type ReplayBuffer, type UpdateHook } from '@prunerl/core';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import { buildHooks, buildNetworkFactory, buildOptimizer, buildReplay, type AgentCollaborators } from './build-parts';
import { inSection, lookup } from './registry-lookup';

/**
 * The registry path of composition (DESIGN.md, "Composition" 3): every part built by its name in
 * `@prunerl/core`'s registries, and the agent given them through its registry factory.
 */
export function buildAgentFromRegistries(config: ResolvedExperimentConfig, { root, task, totalUpdates }: AgentCollaborators): { agent: Agent; replay: ReplayBuffer; hooks: UpdateHook[] } {
  const networkFactory = buildNetworkFactory(config, task);
  const replay = buildReplay(config, task);
  const optimizer = buildOptimizer(config);
  const hooks = buildHooks(config, root, totalUpdates, { networkFactory, replay });
  const factory = lookup(agents, config.agent.name, 'agent.name');
  const agent = inSection('agent.options', () =>
    factory(
      { networkFactory, replay, optimizer, hooks, numActions: task.numActions, observationShape: task.observationShape },
      { ...config.agent.options },
      // Same stream name as @prunerl/agents' container module.
      { rng: root.split('agent'), ...(totalUpdates !== undefined ? { totalUpdates } : {}) },
    ),
  );
  return { agent, replay, hooks };
}


import 'reflect-metadata';
import { agentsModule } from '@prunerl/agents/inversify';
import { ConfigError, TOKENS, type Action, type Agent, type Environment, type NetworkFactory, type Optimizer, type Pruner, type ReplayBuffer, type TypedArray, type UpdateHook } from '@prunerl/core';
import { environmentsModule } from '@prunerl/environments/inversify';
import { networksModule } from '@prunerl/networks/inversify';
import { pruningModule } from '@prunerl/pruning/inversify';
import { replayModule } from '@prunerl/replay/inversify';
import type { Container } from 'inversify';
import type { PartMaker } from './compose-parts';
import { registryPartMaker, type RunContext } from './registry-part-maker';

/**
 * The container path of composition (DESIGN.md, "Composition" 2), as a wrapper of the registry
 * path: the parts the packages ship container modules for (environments, network factory, replay
 * buffer, pruner, agent) come from loading those modules (`@prunerl/<package>/inversify`) into
 * `container` and resolving their tokens; the optimiser and the config's other hooks are the
 * registry path's, bound into the container (`TOKENS.Optimizer`, the `TOKENS.UpdateHook`
 * multi-binding, before the pruner module adds the pruner), so the agent module finds every
 * collaborator there. The container gets the run's root `Rng` and total updates; the modules split
 * the same streams (`agent`, `pruning`) the registry path does, so both paths train identically.
 */
export function containerPartMaker(container: Container, run: RunContext): PartMaker {
  const registry = registryPartMaker(run);
  container.bind(TOKENS.Rng).toConstantValue(run.root);
  if (run.totalUpdates !== undefined) container.bind(TOKENS.TotalUpdates).toConstantValue(run.totalUpdates);
  return {
    environments: (plan) => {
      container.loadSync(environmentsModule({ id: plan.name, options: plan.options }));
      // Transient: each request is a new environment.
      const env = container.get<Environment<TypedArray, Action>>(TOKENS.Environment);
      try {
        return [env, container.get<Environment<TypedArray, Action>>(TOKENS.Environment)];
      } catch (error) {
        env.close();
        throw error;
      }
    },
    networkFactory: (plan) => {
      container.loadSync(networksModule({ network: plan.name, options: plan.options }));
      return container.get<NetworkFactory>(TOKENS.NetworkFactory);
    },
    replay: (plan, spec) => {
      container.loadSync(
        replayModule({
          buffer: plan.name,
          options: plan.options,
          observationShape: spec.observationShape,
          observationDtype: spec.observationDtype,
          ...(spec.actionShape ? { actionShape: spec.actionShape } : {}),
        }),
      );
      return container.get<ReplayBuffer>(TOKENS.ReplayBuffer);
    },
    optimizer: (plan) => {
      const optimizer = registry.optimizer(plan);
      container.bind<Optimizer>(TOKENS.Optimizer).toConstantValue(optimizer);
      return optimizer;
    },
    hook: (plan, index, parts) => {
      const hook = registry.hook(plan, index, parts);
      container.bind<UpdateHook>(TOKENS.UpdateHook).toConstantValue(hook);
      return hook;
    },
    pruner: (plan) => {
      container.loadSync(pruningModule({ pruner: plan.name, options: plan.options }));
      return container.get<Pruner>(TOKENS.Pruner);
    },
    agent: (plan, { numActions, observationShape, actionSpace, hooks }) => {
      container.loadSync(agentsModule({ agent: plan.name, numActions, observationShape: [...observationShape], ...(actionSpace ? { actionSpace } : {}), options: plan.options }));
      // The agent module takes every bound hook: they must be the hooks the run was composed with.
      const bound = container.isBound(TOKENS.UpdateHook) ? container.getAll<UpdateHook>(TOKENS.UpdateHook) : [];
      if (bound.length !== hooks.length || bound.some((hook, i) => hook !== hooks[i])) {
        throw new ConfigError({ field: 'composition', value: bound.map((h) => h.name), expected: `the run's hooks [${hooks.map((h) => h.name).join(', ')}] bound in the container, in order` });
      }
      return container.get<Agent<Action>>(TOKENS.Agent);
    },
  };
}

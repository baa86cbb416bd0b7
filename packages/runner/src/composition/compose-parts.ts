import {
  agents,
  ConfigError,
  environments,
  networks,
  optimizers,
  pruners,
  replayBuffers,
  updateHooks,
  type Agent,
  type AgentComponents,
  type DType,
  type Action,
  type Environment,
  type NetworkFactory,
  type Optimizer,
  type Pruner,
  type Registry,
  type ReplayBuffer,
  type TypedArray,
  type UpdateHook,
} from '@prunerl/core';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import { isPruner, type ExperimentParts } from '../experiment/experiment-parts';
import { environmentPlan, planParts, type PartPlan } from './part-plan';
import { inSection, lookup } from './registry-lookup';
import { checkAgentFitsTask } from './agent-fits-task';
import { taskOf } from './task-spec';

/** What a hook may use of the run besides its options (see `FactoryContext`). */
export interface HookParts {
  readonly networkFactory: NetworkFactory;
  readonly replay: ReplayBuffer;
}

/**
 * How one composition path makes each part from its plan. {@link composeParts} decides everything
 * else (the order, the options, the error fields, which hooks the agent gets and in which order), so
 * the two paths differ only here. Each method is called once per build, in the order listed, after
 * the part's name was found in its registry.
 */
export interface PartMaker {
  /** The training and the evaluation environment (two instances, so evaluation never disturbs training). */
  environments(plan: PartPlan): readonly [Environment<TypedArray, Action>, Environment<TypedArray, Action>];
  networkFactory(plan: PartPlan): NetworkFactory;
  /** `spec.actionShape`: the shape of one continuous action (absent for discrete actions). */
  replay(plan: PartPlan, spec: { readonly observationShape: readonly number[]; readonly observationDtype: DType; readonly actionShape?: readonly number[] }): ReplayBuffer;
  optimizer(plan: PartPlan): Optimizer;
  /** The config's hook number `index` (not the pruner). */
  hook(plan: PartPlan, index: number, parts: HookParts): UpdateHook;
  pruner(plan: PartPlan): Pruner;
  /** The agent, given every collaborator (its `hooks` are the config's hooks, then the pruner). */
  agent(plan: PartPlan, components: AgentComponents): Agent<Action>;
}

/** Everything {@link composeParts} builds: the parts of a run but the counts and disposal. */
export type ComposedParts = Pick<ExperimentParts, 'env' | 'evalEnv' | 'agent' | 'replay' | 'hooks' | 'pruner'>;

/** Finds `plan`'s name in `registry` (an unknown one is a `ConfigError` on its field), then makes it within its section. */
function make<T>(registry: Registry<unknown>, plan: PartPlan, build: () => T): T {
  lookup(registry, plan.name, plan.field);
  return inSection(plan.section, build);
}

/**
 * Builds every part of one run of `config` with `maker`: the environments, then (once the agent is
 * known to act in their action space: `checkAgentFitsTask`), for the task they pose, the network factory, replay buffer, optimiser, the config's hooks, the pruner and the agent.
 *
 * The pruner comes last among the hooks so that its `afterUpdate` re-applies the masks after any
 * hook edited weights in the same update (ReDo and Reset re-initialise whole rows and columns), and
 * so that sparse gradients are masked after a hook changed them (weight decay). The hooks get the
 * network factory and the replay buffer (ReDo scores replay states; ReDo and Reset can
 * re-initialise from a fresh network). A factory's `ConfigError` is rethrown naming the config
 * section; on any error the environments are closed.
 */
export function composeParts(config: ResolvedExperimentConfig, maker: PartMaker): ComposedParts {
  const environment = environmentPlan(config);
  const [env, evalEnv] = make(environments, environment, () => maker.environments(environment));
  try {
    const task = taskOf(env);
    checkAgentFitsTask(config.agent.name, config.environment.id, task);
    const plans = planParts(config, task);
    const networkFactory = make(networks, plans.network, () => maker.networkFactory(plans.network));
    const replay = make(replayBuffers, plans.replay, () => maker.replay(plans.replay, task));
    const optimizer = make(optimizers, plans.optimiser, () => maker.optimizer(plans.optimiser));
    const hooks: UpdateHook[] = plans.hooks.map((plan, i) => make(updateHooks, plan, () => maker.hook(plan, i, { networkFactory, replay })));
    const pruner = plans.pruner && checkedPruner(make(pruners, plans.pruner, () => maker.pruner(plans.pruner!)), plans.pruner);
    if (pruner) hooks.push(pruner);
    const { numActions, observationShape, actionSpace } = task;
    const agent = make(agents, plans.agent, () => maker.agent(plans.agent, { networkFactory, replay, optimizer, hooks, numActions, observationShape, actionSpace }));
    return { env, evalEnv, agent, replay, hooks, pruner };
  } catch (error) {
    env.close();
    evalEnv.close();
    throw error;
  }
}

/** A plugin written in JavaScript can register anything as a pruner: refuse what is not one. */
function checkedPruner(pruner: Pruner, plan: PartPlan): Pruner {
  if (!isPruner(pruner)) {
    throw new ConfigError({ field: plan.field, value: plan.name, expected: 'a registered Pruner (an UpdateHook with masks() and sparsity()); register other hooks in updateHooks' });
  }
  return pruner;
}

import {
  Box,
  ConfigError,
  Discrete,
  environments,
  inputScaleOf,
  networks,
  optimizers,
  pruners,
  replayBuffers,
  updateHooks,
  type Environment,
  type FactoryContext,
  type NetworkFactory,
  type Optimizer,
  type ReplayBuffer,
  type Rng,
  type ScaledSpace,
  type TypedArray,
  type UpdateHook,
} from '@prunerl/core';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import { inSection, lookup } from './registry-lookup';

/** The task an agent is built for, read from the environment's spaces. */
export interface TaskSpec {
  readonly observationShape: readonly number[];
  readonly observationDtype: string;
  readonly numActions: number;
  /** What the observation space calls for before the first layer (`inputScaleOf`: 1/255 for 0-255 frames, else 1). */
  readonly inputScale: number;
}

/** Builds one environment of the config (training and evaluation use two). */
export function makeEnvironment(config: ResolvedExperimentConfig): Environment<TypedArray, number> {
  const factory = lookup(environments, config.environment.id, 'environment.id');
  return inSection('environment.options', () => factory({ ...config.environment.options }));
}

/** Reads observation shape, dtype and action count; only Box observations and Discrete actions fit. */
export function taskOf(env: Environment<TypedArray, number>): TaskSpec {
  const { observationSpace, actionSpace } = env;
  if (!(observationSpace instanceof Box) && !Array.isArray((observationSpace as { shape?: unknown }).shape)) {
    throw new ConfigError({ field: 'environment.id', value: env.id, expected: 'an environment with a Box observation space' });
  }
  const numActions = (actionSpace as Partial<Discrete>).n;
  if (!(actionSpace instanceof Discrete) && typeof numActions !== 'number') {
    throw new ConfigError({ field: 'environment.id', value: env.id, expected: 'an environment with a Discrete action space (value-based agents)' });
  }
  const box = observationSpace as unknown as { shape: readonly number[]; dtype: string; low?: ArrayLike<number>; high?: ArrayLike<number> };
  const inputScale = box.low !== undefined && box.high !== undefined ? inputScaleOf(box as ScaledSpace) : 1;
  return { observationShape: [...box.shape], observationDtype: box.dtype, numActions: numActions!, inputScale };
}

/** The collaborators before the agent: what both composition paths share. */
export interface AgentCollaborators {
  readonly root: Rng;
  readonly task: TaskSpec;
  readonly totalUpdates: number | undefined;
}

/** Parts of the run a hook factory may use (see `FactoryContext`). */
export interface HookParts {
  readonly networkFactory?: NetworkFactory;
  readonly replay?: ReplayBuffer;
}

/**
 * The update hooks of the config, in order: `hooks`, then the pruner (if any). The pruner comes last
 * so that its `afterUpdate` re-applies the masks after any hook edited weights in the same update
 * (ReDo and Reset re-initialise whole rows and columns), and so that sparse gradients are masked
 * after a hook changed them (weight decay). Each factory gets its stream (`hooks/<i>`, `pruning`) and
 * the run's total updates; the `hooks` also get, when given, the network factory and replay buffer
 * (ReDo scores replay states; ReDo and Reset can re-initialise from a fresh network).
 */
export function buildHooks(config: ResolvedExperimentConfig, root: Rng, totalUpdates: number | undefined, parts: HookParts = {}): UpdateHook[] {
  const hooks: UpdateHook[] = [];
  // Pruners get the context they always had (registrations spread it into their options).
  const context = (rng: Rng): FactoryContext => ({ rng, ...(totalUpdates !== undefined ? { totalUpdates } : {}) });
  const hookContext = (rng: Rng): FactoryContext => ({
    ...context(rng),
    ...(parts.networkFactory !== undefined ? { networkFactory: parts.networkFactory } : {}),
    ...(parts.replay !== undefined ? { replay: parts.replay } : {}),
  });
  config.hooks.forEach((hook, i) => {
    const factory = lookup(updateHooks, hook.name, `hooks[${i}].name`);
    hooks.push(inSection(`hooks[${i}].options`, () => factory({ ...hook.options }, hookContext(root.split('hooks').split(i)))));
  });
  if (config.pruner) {
    const factory = lookup(pruners, config.pruner.name, 'pruner.name');
    // A budget without updates was refused when the config was resolved (checkCoherence).
    // The stream name matches @prunerl/pruning's container module, so both paths prune alike.
    hooks.push(inSection('pruner.options', () => factory({ ...config.pruner!.options }, context(root.split('pruning')))));
  }
  return hooks;
}

/** The network factory of the config (`networks` registry: torso name -> architecture). */
export function buildNetworkFactory(config: ResolvedExperimentConfig, task: TaskSpec): NetworkFactory {
  const factory = lookup(networks, config.network.torso, 'network.torso');
  return inSection('network', () => factory(networkOptionsOf(config, task)));
}

/**
 * The options of the config's network registration: the config's, with the input scale the task's
 * observation space calls for unless the config sets one (`network.options.inputScale`).
 */
export function networkOptionsOf(config: ResolvedExperimentConfig, task: TaskSpec): Record<string, unknown> {
  return { inputScale: task.inputScale, ...config.network.options, head: config.network.head, width: config.network.width };
}

/** The replay buffer of the config, sized for the task. */
export function buildReplay(config: ResolvedExperimentConfig, task: TaskSpec): ReplayBuffer {
  const factory = lookup(replayBuffers, config.replay.name, 'replay.name');
  return inSection('replay', () =>
    factory(
      { ...config.replay.options, ...(config.replay.capacity !== undefined ? { capacity: config.replay.capacity } : {}) },
      { observationShape: task.observationShape, observationDtype: task.observationDtype },
    ),
  );
}

/** The optimiser of the config. */
export function buildOptimizer(config: ResolvedExperimentConfig): Optimizer {
  const factory = lookup(optimizers, config.optimiser.name, 'optimiser.name');
  return inSection('optimiser.options', () => factory({ ...config.optimiser.options }));
}


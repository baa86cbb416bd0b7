import { ConfigError } from '@prunerl/core';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import type { TaskSpec } from './task-spec';

/** One part of a run as the config names it: what to build, from which options, and where the config says so. */
export interface PartPlan {
  /** Registry name (`gmp`, `minatar-cnn`, `MinAtar/Breakout-v1`). */
  readonly name: string;
  /** The config field that names it: an unknown name is refused there (`pruner.name`). */
  readonly field: string;
  /** The config section its options come from: a factory's complaint is reported under it. */
  readonly section: string;
  /** The options its factory (or container module) receives, fresh for this build. */
  readonly options: Record<string, unknown>;
}

/** Every part after the environments, in the order they are built. */
export interface PartPlans {
  readonly network: PartPlan;
  readonly replay: PartPlan;
  readonly optimiser: PartPlan;
  /** The config's other update hooks, in order (the agent calls them before the pruner). */
  readonly hooks: readonly PartPlan[];
  readonly pruner: PartPlan | undefined;
  readonly agent: PartPlan;
}

/** The environment part of `config` (training and evaluation environments are built from it). */
export function environmentPlan(config: ResolvedExperimentConfig): PartPlan {
  return { name: config.environment.id, field: 'environment.id', section: 'environment.options', options: { ...config.environment.options } };
}

/**
 * The other parts of `config` for `task`: the one description both composition paths (registry
 * names, inversify container) build from, so they cannot disagree on a name, an option or an error
 * field. The network gets the input scale the task's observation space calls for unless the config
 * sets one (`network.options.inputScale`); the replay buffer gets the config's capacity. SAC's
 * critics read the observation and the action as one input, so a task whose observations need a
 * scale (uint8 frames) is refused for SAC rather than have its actions scaled with them.
 */
export function planParts(config: ResolvedExperimentConfig, task: TaskSpec): PartPlans {
  const { network, replay, optimiser, pruner, agent } = config;
  if (agent.name === 'sac' && network.options['inputScale'] === undefined && task.inputScale !== 1) {
    throw new ConfigError({
      field: 'environment.id',
      value: config.environment.id,
      expected: `observations sac can take unscaled (this task's call for an input scale of ${task.inputScale}, which sac's critics would apply to the actions too)`,
    });
  }
  return {
    network: {
      name: network.torso,
      field: 'network.torso',
      section: 'network',
      options: { inputScale: task.inputScale, ...network.options, head: network.head, width: network.width },
    },
    replay: {
      name: replay.name,
      field: 'replay.name',
      section: 'replay',
      options: { ...replay.options, ...(replay.capacity !== undefined ? { capacity: replay.capacity } : {}) },
    },
    optimiser: { name: optimiser.name, field: 'optimiser.name', section: 'optimiser.options', options: { ...optimiser.options } },
    hooks: config.hooks.map((hook, i) => ({ name: hook.name, field: `hooks[${i}].name`, section: `hooks[${i}].options`, options: { ...hook.options } })),
    pruner: pruner ? { name: pruner.name, field: 'pruner.name', section: 'pruner.options', options: { ...pruner.options } } : undefined,
    agent: { name: agent.name, field: 'agent.name', section: 'agent.options', options: { ...agent.options } },
  };
}

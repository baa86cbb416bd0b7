import { ConfigError, Rng, type Agent, type Environment, type ReplayBuffer, type TypedArray, type UpdateHook } from '@prunerl/core';
import { plannedUpdatesOf, type ResolvedExperimentConfig } from '../config/resolve-config';
import { isPruner, type ExperimentParts } from '../experiment/experiment-parts';
import { makeEnvironment, taskOf, type AgentCollaborators } from './build-parts';
import { buildWithContainer } from './build-with-container';
import { buildAgentFromRegistries } from './build-with-registries';
import { loadMasksFrom } from './load-masks-from';
import { registerBuiltins } from './register-builtins';

/** Replaces a pruner's `masksFrom` (a run directory) by the masks it names. */
async function withMasksLoaded(config: ResolvedExperimentConfig, seed: number): Promise<ResolvedExperimentConfig> {
  const masksFrom = config.pruner?.options.masksFrom;
  if (masksFrom === undefined) return config;
  if (typeof masksFrom !== 'string') {
    throw new ConfigError({ field: 'pruner.options.masksFrom', value: masksFrom, expected: 'a run directory (in a sweep: { variant: <label> })' });
  }
  const { masksFrom: _path, ...options } = config.pruner!.options;
  const masks = await loadMasksFrom(masksFrom, seed, config.outputDir);
  return { ...config, pruner: { ...config.pruner!, options: { ...options, masks } } };
}

function countParameters(agent: Agent): number | undefined {
  // Not part of the Agent contract; DQN and Rainbow expose their online network.
  const online = (agent as { online?: { countParameters?: () => number } }).online;
  return typeof online?.countParameters === 'function' ? online.countParameters() : undefined;
}

/**
 * Builds every part of one run of `config` with `seed`: environments, then the agent and its
 * collaborators, by registry names or through the inversify container (`config.composition`).
 * Every factory validates its options here, so a bad config fails before a run directory exists;
 * errors are `ConfigError`s naming the config field. Built-in packages are registered first;
 * plugins must be loaded before (see `loadPlugins`).
 */
export async function buildExperiment(resolvedConfig: ResolvedExperimentConfig, seed: number): Promise<ExperimentParts> {
  registerBuiltins();
  const config = await withMasksLoaded(resolvedConfig, seed);
  const root = Rng.fromSeed(seed);
  const totalUpdates = plannedUpdatesOf(config);
  let built: { env: Environment<TypedArray, number>; evalEnv: Environment<TypedArray, number>; agent: Agent; replay: ReplayBuffer; hooks: readonly UpdateHook[] };
  if (config.composition === 'container') {
    built = await buildWithContainer(config, { root, totalUpdates });
  } else {
    const env = makeEnvironment(config);
    let evalEnv: Environment<TypedArray, number> | undefined;
    try {
      evalEnv = makeEnvironment(config);
      const collaborators: AgentCollaborators = { root, task: taskOf(env), totalUpdates };
      built = { env, evalEnv, ...buildAgentFromRegistries(config, collaborators) };
    } catch (error) {
      env.close();
      evalEnv?.close();
      throw error;
    }
  }
  const { env, evalEnv, agent, replay, hooks } = built;
  // The pruner is the last hook (see buildHooks).
  const last = hooks[hooks.length - 1];
  return {
    env,
    evalEnv,
    agent,
    replay,
    hooks,
    pruner: config.pruner && isPruner(last) ? last : undefined,
    parameterCount: countParameters(agent),
    dispose: () => {
      agent.dispose();
      env.close();
      evalEnv.close();
    },
  };
}

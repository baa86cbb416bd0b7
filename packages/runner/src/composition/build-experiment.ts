import { ConfigError, Rng } from '@prunerl/core';
import { Container } from 'inversify';
import { plannedUpdatesOf, type ResolvedExperimentConfig } from '../config/resolve-config';
import type { ExperimentParts } from '../experiment/experiment-parts';
import { composeParts } from './compose-parts';
import { containerPartMaker } from './container-part-maker';
import { loadMasksFrom } from './load-masks-from';
import { withOfflineData } from './load-offline-data';
import { registerBuiltins } from './register-builtins';
import { registryPartMaker, type RunContext } from './registry-part-maker';

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

/**
 * Builds every part of one run of `config` with `seed`: environments, then the agent and its
 * collaborators, by registry names or through the inversify container (`config.composition`), both
 * from the same plan ({@link composeParts}). Every factory validates its options here, so a bad
 * config fails before a run directory exists; errors are `ConfigError`s naming the config field.
 * An offline config's datasets are read here (`withOfflineData`) for its `fixed` replay buffer.
 * Built-in packages are registered first; plugins must be loaded before (see `loadPlugins`).
 */
export async function buildExperiment(resolvedConfig: ResolvedExperimentConfig, seed: number): Promise<ExperimentParts> {
  registerBuiltins();
  const config = await withOfflineData(await withMasksLoaded(resolvedConfig, seed), seed);
  const run: RunContext = { root: Rng.fromSeed(seed), totalUpdates: plannedUpdatesOf(config) };
  const maker = config.composition === 'container' ? containerPartMaker(new Container(), run) : registryPartMaker(run);
  const { env, evalEnv, agent, replay, hooks, pruner } = composeParts(config, maker);
  if (config.offline && typeof agent.trainStep !== 'function') {
    agent.dispose();
    env.close();
    evalEnv.close();
    throw new ConfigError({ field: 'agent.name', value: config.agent.name, expected: 'an agent that trains offline (Agent.trainStep), for an offline run' });
  }
  return {
    env,
    evalEnv,
    agent,
    replay,
    hooks,
    pruner,
    parameterCount: agent.online?.countParameters(),
    dispose: () => {
      agent.dispose();
      env.close();
      evalEnv.close();
    },
  };
}

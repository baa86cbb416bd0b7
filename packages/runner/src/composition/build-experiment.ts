import { ConfigError } from '@prunerl/core';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import type { ExperimentParts } from '../experiment/experiment-parts';
import { composeExperiment } from './compose-experiment';
import { loadMasksFrom } from './load-masks-from';
import { withOfflineData } from './load-offline-data';
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

/**
/**
 * Builds every part of one run of `config` with `seed` ({@link composeExperiment}), after reading
 * what the config names on disk (a pruner's `masksFrom` run directory; an offline config's datasets,
 * for its `fixed` replay buffer), so a bad config fails before a run directory exists. Plugins must
 * be loaded before (see `loadPlugins`).
 */
export async function buildExperiment(resolvedConfig: ResolvedExperimentConfig, seed: number): Promise<ExperimentParts> {
  // Reading an offline config's datasets checks them against the environment's task: a registry lookup.
  registerBuiltins();
  const config = await withOfflineData(await withMasksLoaded(resolvedConfig, seed), seed);
  const parts = composeExperiment(config, seed);
  if (config.offline && typeof parts.agent.trainStep !== 'function') {
    parts.dispose();
    throw new ConfigError({ field: 'agent.name', value: config.agent.name, expected: 'an agent that trains offline (Agent.trainStep), for an offline run' });
  }
  return parts;
}

import { ConfigError, Rng } from '@prunerl/core';
import { Container } from 'inversify';
import { plannedUpdatesOf, type ResolvedExperimentConfig } from '../config/resolve-config';
import type { ExperimentParts } from '../experiment/experiment-parts';
import { composeParts } from './compose-parts';
import { containerPartMaker } from './container-part-maker';
import { registerBuiltins } from './register-builtins';
import { registryPartMaker, type RunContext } from './registry-part-maker';

/**
 * Builds every part of one run of `config` with `seed` from values alone, touching no file (so it
 * runs in browsers: `@prunerl/runner/browser`): environments, then the agent and its collaborators,
 * by registry names or through the inversify container (`config.composition`), both from the same
 * plan ({@link composeParts}). Every factory validates its options here; errors are `ConfigError`s
 * naming the config field. A pruner's `masksFrom` (a run directory) must have been replaced by its
 * masks first, as Node's `buildExperiment` does. Built-in packages are registered first.
 */
export function composeExperiment(config: ResolvedExperimentConfig, seed: number): ExperimentParts {
  const masksFrom = config.pruner?.options.masksFrom;
  if (masksFrom !== undefined) {
    throw new ConfigError({
      field: 'pruner.options.masksFrom',
      value: masksFrom,
      expected: 'no run directory here (it is read from disk: build the run with buildExperiment from @prunerl/runner in Node, or pass the masks as pruner.options.masks)',
    });
  }
  registerBuiltins();
  const run: RunContext = { root: Rng.fromSeed(seed), totalUpdates: plannedUpdatesOf(config) };
  const maker = config.composition === 'container' ? containerPartMaker(new Container(), run) : registryPartMaker(run);
  const { env, evalEnv, agent, replay, hooks, pruner } = composeParts(config, maker);
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

import { resolve } from 'node:path';
import { ConfigError, environments } from '@prunerl/core';
import type { DatasetSpec } from '@prunerl/replay';
import { readDataset, readDatasetManifest, type DatasetSource } from '@prunerl/replay/node';
import type { ResolvedExperimentConfig } from '../config/resolve-config';
import { taskOf, type TaskSpec } from './task-spec';

/**
 * Refuses a dataset logged on another task than the run's environment (another environment id,
 * observation shape or dtype, or number of actions): valid field by field, it cannot train an agent
 * for this environment. A `ConfigError` on `field`.
 */
export function checkDatasetFits(spec: DatasetSpec, task: TaskSpec, environment: string, field: string): void {
  const problems: string[] = [];
  if (spec.environment !== environment) problems.push(`logged on ${spec.environment}`);
  if (JSON.stringify(spec.observationShape) !== JSON.stringify(task.observationShape)) problems.push(`observations of shape [${spec.observationShape.join(', ')}] (the environment's: [${task.observationShape.join(', ')}])`);
  if (spec.observationDtype !== task.observationDtype) problems.push(`${spec.observationDtype} observations (the environment's: ${task.observationDtype})`);
  if (spec.numActions !== task.numActions) problems.push(`${spec.numActions} actions (the environment's: ${task.numActions})`);
  if (problems.length > 0) {
    throw new ConfigError({ field, value: problems.join(', '), expected: `a dataset of ${environment}'s task (observations [${task.observationShape.join(', ')}] ${task.observationDtype}, ${task.numActions} actions)` });
  }
}

/** The dataset sources of an offline config for the run of `seed`: paths made absolute (from `outputDir`), `{seed}` filled in. */
export function datasetSourcesOf(config: ResolvedExperimentConfig, seed: number): DatasetSource[] {
  return (config.offline?.datasets ?? []).map((source, i) => {
    const { path, ...selection } = source;
    if (typeof path !== 'string') {
      throw new ConfigError({ field: `offline.datasets[${i}].path`, value: path, expected: "a dataset or run directory (`{ variant: <label> }` only in a sweep, which names another variant's run)" });
    }
    return { ...selection, path: resolve(config.outputDir, path.replaceAll('{seed}', String(seed))) };
  });
}

/**
 * For an offline config, reads its datasets (each manifest checked against the environment's task
 * before any shard is read) and returns the config with the loaded data in `replay.options.dataset`,
 * for the `fixed` buffer; an online config is returned as is. Dataset faults are `DatasetError`s
 * naming the file and byte offset; selections and task mismatches `ConfigError`s on
 * `offline.datasets[i]`.
 */
export async function withOfflineData(config: ResolvedExperimentConfig, seed: number): Promise<ResolvedExperimentConfig> {
  if (!config.offline) return config;
  const probe = environments.get(config.environment.id)({ ...config.environment.options });
  let task: TaskSpec;
  try {
    task = taskOf(probe);
  } finally {
    probe.close();
  }
  const sources = datasetSourcesOf(config, seed);
  for (const [i, source] of sources.entries()) {
    const { manifest } = await readDatasetManifest(source.path);
    checkDatasetFits(manifest.spec, task, config.environment.id, `offline.datasets[${i}]`);
  }
  let dataset;
  try {
    dataset = await readDataset(sources);
  } catch (error) {
    if (error instanceof ConfigError && error.field.startsWith('datasets[')) {
      throw new ConfigError({ field: `offline.${error.field}`, value: error.value, expected: error.expected }, { cause: error });
    }
    throw error;
  }
  return { ...config, replay: { ...config.replay, options: { ...config.replay.options, dataset } } };
}

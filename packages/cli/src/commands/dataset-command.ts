import { datasetStats, datasetTransitions, type DatasetSelection, type LoadedDataset } from '@prunerl/replay';
import { readDataset, readDatasetManifest } from '@prunerl/replay/node';
import { Rng, type TypedArray } from '@prunerl/core';
import type { CliOutput } from '../output/cli-io';
import { formatCount } from '../output/format-duration';
import { resolve } from 'node:path';

/** Options shared by `prunerl dataset info` and `sample`: which part of the dataset to read. */
export interface DatasetCommandOptions extends DatasetSelection {}

/** Options of `prunerl dataset sample`. */
export interface DatasetSampleOptions extends DatasetCommandOptions {
  /** Transitions to print. Default 5. */
  readonly count?: number;
  /** Seed of the draw. Default 0. */
  readonly sampleSeed?: number;
}

const percent = (part: number, whole: number): string => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
const decimal = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));

/**
 * `prunerl dataset info <path>`: what a logged dataset holds (task, source run, shards) and, read
 * and checked shard by shard, its behaviour policy's statistics (episode returns, epsilon, actions).
 * A damaged shard fails with its file and byte offset.
 */
export async function datasetInfoCommand(path: string, options: DatasetCommandOptions, output: CliOutput): Promise<number> {
  const location = await readDatasetManifest(resolve(output.io.cwd, path));
  const { manifest } = location;
  const dataset = await readDataset({ ...options, path: location.directory });
  const stats = datasetStats(dataset);
  const selected = dataset.transitions !== manifest.transitions;
  if (output.mode.json) {
    output.result('', {
      directory: location.directory,
      spec: manifest.spec,
      source: manifest.source,
      shards: manifest.shards.length,
      transitions: manifest.transitions,
      selected: dataset.transitions,
      digest: dataset.digest,
      episodesEnded: stats.episodesEnded,
      episodes: stats.episodeReturns.length,
      meanReturn: Number.isNaN(stats.meanReturn) ? null : stats.meanReturn,
      meanEpsilon: Number.isNaN(stats.meanEpsilon) ? null : stats.meanEpsilon,
      actionCounts: stats.actionCounts,
      rewardSum: stats.rewardSum,
    });
    return 0;
  }
  const { spec } = manifest;
  const source = Object.entries(manifest.source).map(([k, v]) => `${k} ${v}`).join(', ');
  output.print(
    [
      `dataset ${location.directory}`,
      `task: ${spec.environment}, observations [${spec.observationShape.join(', ')}] ${spec.observationDtype}, ${spec.numActions} actions`,
      `source: ${source || 'unknown'}`,
      `transitions: ${formatCount(manifest.transitions)} in ${manifest.shards.length} shards (up to ${formatCount(manifest.shardTransitions)} each), every shard checksum verified${selected ? `; selected ${formatCount(dataset.transitions)} (digest ${dataset.digest})` : ''}`,
      `behaviour policy: mean return ${decimal(stats.meanReturn)} over ${stats.episodeReturns.length} whole episodes (${stats.episodesEnded} ended), mean epsilon ${decimal(stats.meanEpsilon)}`,
      `actions: ${stats.actionCounts.map((n, a) => `${a}: ${percent(n, dataset.transitions)}`).join(', ')}`,
    ].join('\n'),
  );
  return 0;
}

/** A short text for an observation: its first values and how many are non-zero. */
function describeObservation(values: TypedArray): string {
  let nonZero = 0;
  for (const v of values) if (v !== 0) nonZero++;
  const head = Array.from(values.subarray(0, 6), (v) => Number(v.toPrecision(4))).join(', ');
  return `[${head}${values.length > 6 ? ', ...' : ''}] (${nonZero}/${values.length} non-zero)`;
}

/** The transitions of `dataset` at the given positions (in dataset order), copied. */
function transitionsAt(dataset: LoadedDataset, positions: readonly number[]) {
  const wanted = new Map<number, number[]>();
  positions.forEach((p, i) => wanted.set(p, [...(wanted.get(p) ?? []), i]));
  const out = new Array(positions.length);
  let index = 0;
  for (const { transition } of datasetTransitions(dataset)) {
    for (const slot of wanted.get(index) ?? []) {
      out[slot] = { index, ...transition, observation: transition.observation.slice(), nextObservation: transition.nextObservation.slice() };
    }
    index++;
  }
  return out as Array<{ index: number; observation: TypedArray; nextObservation: TypedArray; action: number; reward: number; terminated: boolean; truncated: boolean; epsilon: number }>;
}

/**
 * `prunerl dataset sample <path>`: a few transitions of a dataset drawn uniformly (with `--seed`),
 * with their action, reward, end flags, behaviour epsilon and observations, to see what a run logged.
 */
export async function datasetSampleCommand(path: string, options: DatasetSampleOptions, output: CliOutput): Promise<number> {
  const { count = 5, sampleSeed = 0, ...selection } = options;
  const dataset = await readDataset({ ...selection, path: resolve(output.io.cwd, path) });
  const rng = Rng.fromSeed(sampleSeed).split('dataset-sample');
  const positions = Array.from({ length: count }, () => rng.uniformInt(0, dataset.transitions));
  for (const t of transitionsAt(dataset, positions)) {
    const end = t.terminated ? 'terminated' : t.truncated ? 'truncated' : '';
    output.result(`#${t.index}: action ${t.action}, reward ${t.reward}, epsilon ${decimal(t.epsilon)}${end ? `, ${end}` : ''}\n  observation ${describeObservation(t.observation)}\n  next        ${describeObservation(t.nextObservation)}`, {
      index: t.index,
      action: t.action,
      reward: t.reward,
      epsilon: Number.isNaN(t.epsilon) ? null : t.epsilon,
      terminated: t.terminated,
      truncated: t.truncated,
      observation: Array.from(t.observation),
      nextObservation: Array.from(t.nextObservation),
    });
  }
  return 0;
}

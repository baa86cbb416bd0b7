import type { TypedArray } from '@prunerl/core';
import { crc32 } from '../state/crc32';
import { bitsEqual } from '../storage/frame-kernels';
import { TransitionFlags, type DatasetManifest, type DatasetSpec } from './dataset-format';
import type { ShardSlice } from './dataset-selection';
import { transitionsOf, type LoggedTransition, type TransitionColumns } from './transition-columns';

const ENDED = TransitionFlags.TERMINATED | TransitionFlags.TRUNCATED;

/** Transitions `[start, end)` of one decoded shard of one dataset (a source). */
export interface DatasetSegment {
  /** Index of the dataset among those combined. */
  readonly source: number;
  readonly shard: number;
  /** Index in its dataset of the shard's first transition. */
  readonly firstTransition: number;
  /** Whether the shard's first transition opens an episode (from the manifest). */
  readonly startsEpisode: boolean;
  readonly columns: TransitionColumns;
  readonly start: number;
  readonly end: number;
}

/**
 * Transitions read from one or more datasets of the same task, in order: what a
 * `FixedReplayBuffer` holds. `digest` identifies exactly which data it is (every slice and its
 * shard's checksum), so a checkpoint restores only into a buffer over the same data.
 */
export interface LoadedDataset {
  readonly spec: DatasetSpec;
  readonly segments: readonly DatasetSegment[];
  readonly transitions: number;
  readonly digest: string;
}

/** One transition of {@link datasetTransitions}, with where the data stream around it breaks. */
export interface StreamedTransition {
  readonly transition: LoggedTransition;
  /** The next transition streamed does not continue from this one (episode end, broken continuity, end of a slice that the next does not continue). */
  readonly breaksAfter: boolean;
  /** This transition is known to open an episode (the dataset's first, or the one after an end). */
  readonly startsEpisode: boolean;
}

/**
 * Combines decoded slices into a {@link LoadedDataset}. `sources[i]` gives dataset `i`'s manifest
 * and its slices with their decoded shards, in order.
 */
export function assembleDataset(spec: DatasetSpec, sources: ReadonlyArray<{ readonly manifest: DatasetManifest; readonly slices: ReadonlyArray<ShardSlice & { readonly columns: TransitionColumns }> }>): LoadedDataset {
  const segments: DatasetSegment[] = [];
  const identity: Array<[number, number, number, number]> = [];
  sources.forEach(({ manifest, slices }, source) => {
    for (const slice of slices) {
      const entry = manifest.shards[slice.shard]!;
      segments.push({ source, shard: slice.shard, firstTransition: entry.firstTransition, startsEpisode: entry.startsEpisode, columns: slice.columns, start: slice.start, end: slice.end });
      identity.push([source, entry.crc32, slice.start, slice.end]);
    }
  });
  const digest = crc32(new TextEncoder().encode(JSON.stringify([spec, identity]))).toString(16).padStart(8, '0');
  return { spec, segments, transitions: segments.reduce((n, s) => n + s.end - s.start, 0), digest };
}

/** Whether segment `b` picks up exactly where segment `a` stops (next shard of the same dataset, unbroken). */
function continues(a: DatasetSegment, b: DatasetSegment, size: number): boolean {
  if (a.source !== b.source || b.shard !== a.shard + 1 || a.end !== a.columns.count || b.start !== 0) return false;
  const last = a.columns.flags[a.end - 1]!;
  if (last & ENDED) return false;
  const finals = a.columns.finalObservations;
  const storedNext = finals.subarray(finals.length - size);
  return bitsEqual(storedNext as TypedArray, b.columns.observations.subarray(0, size) as TypedArray);
}

/**
 * Every transition of `dataset` in order, each with whether the stream breaks after it, which a
 * replay buffer needs (it bootstraps from the stored next observation there, as after a time limit)
 * and episode statistics need (where episodes start and end).
 */
export function* datasetTransitions(dataset: LoadedDataset): Generator<StreamedTransition> {
  const size = dataset.spec.observationShape.reduce((a, b) => a * b, 1);
  const segments = dataset.segments;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s]!;
    const previous = s > 0 ? segments[s - 1]! : undefined;
    const adjacent = previous !== undefined && previous.source === segment.source && previous.shard + 1 === segment.shard && previous.end === previous.columns.count && segment.start === 0;
    let startsEpisode: boolean;
    // After the previous shard of the same dataset: an episode starts unless it runs on unbroken.
    if (adjacent) startsEpisode = !continues(previous!, segment, size);
    else if (segment.start > 0) startsEpisode = (segment.columns.flags[segment.start - 1]! & (ENDED | TransitionFlags.FINAL)) !== 0;
    else startsEpisode = segment.startsEpisode;
    const nextJoins = s + 1 < segments.length && continues(segment, segments[s + 1]!, size);
    let i = segment.start;
    for (const transition of transitionsOf(segment.columns, size, segment.start, segment.end)) {
      const ended = transition.terminated || transition.truncated;
      const lastOfSegment = i === segment.end - 1;
      // A FINAL flag inside a shard without an end: the logger saw continuity break there.
      const cut = transition.final && !ended && i < segment.columns.count - 1;
      const breaksAfter = ended || cut || (lastOfSegment && !nextJoins);
      yield { transition, breaksAfter, startsEpisode };
      startsEpisode = ended || cut;
      i++;
    }
  }
}

/** What {@link datasetStats} reports. */
export interface DatasetStats {
  readonly transitions: number;
  /** Episodes that ended (terminated or truncated) in the data. */
  readonly episodesEnded: number;
  /** Returns of the episodes wholly inside the data (their start and end both seen), in order. */
  readonly episodeReturns: readonly number[];
  /** Mean of `episodeReturns` (the behaviour policy's mean return), or NaN when there is none. */
  readonly meanReturn: number;
  /** Mean behaviour epsilon over the transitions that record one (NaN when none does). */
  readonly meanEpsilon: number;
  /** How often each action was taken. */
  readonly actionCounts: readonly number[];
  readonly rewardSum: number;
}

/** Statistics of a loaded dataset: episode returns of the behaviour policy, epsilons, actions. */
export function datasetStats(dataset: LoadedDataset): DatasetStats {
  const returns: number[] = [];
  const actionCounts = new Array<number>(dataset.spec.numActions).fill(0);
  let episodesEnded = 0;
  let rewardSum = 0;
  let epsilonSum = 0;
  let epsilonCount = 0;
  let open = false;
  let episodeReturn = 0;
  for (const { transition: t, breaksAfter, startsEpisode } of datasetTransitions(dataset)) {
    if (startsEpisode) {
      open = true;
      episodeReturn = 0;
    }
    episodeReturn += t.reward;
    rewardSum += t.reward;
    actionCounts[t.action] = (actionCounts[t.action] ?? 0) + 1;
    if (!Number.isNaN(t.epsilon)) {
      epsilonSum += t.epsilon;
      epsilonCount++;
    }
    if (t.terminated || t.truncated) {
      episodesEnded++;
      if (open) returns.push(episodeReturn);
    }
    if (breaksAfter) open = false;
  }
  return {
    transitions: dataset.transitions,
    episodesEnded,
    episodeReturns: returns,
    meanReturn: returns.length > 0 ? returns.reduce((a, b) => a + b, 0) / returns.length : Number.NaN,
    meanEpsilon: epsilonCount > 0 ? epsilonSum / epsilonCount : Number.NaN,
    actionCounts,
    rewardSum,
  };
}

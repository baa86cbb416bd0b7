import { StateError, type PersistentState, type RngState } from '@prunerl/core';
import type { EpisodeReplay } from './episode-environment';

/** Names of the checkpoint files the loop writes. */
export const CHECKPOINT_FILES = Object.freeze({ runner: 'runner.json', agent: 'agent.bin', replay: 'replay.bin' });

/** Per-iteration accumulators (checkpointed, so a resumed iteration reports the whole iteration). */
export interface IterationStats {
  steps: number;
  returns: number[];
  lengths: number[];
  lossSum: number;
  lossCount: number;
  updates: number;
}

/** Fresh {@link IterationStats} for an iteration that has not started. */
export const emptyStats = (): IterationStats => ({ steps: 0, returns: [], lengths: [], lossSum: 0, lossCount: 0, updates: 0 });

/**
 * The runner's side of a checkpoint (`runner.json`, version 1). Field names and order are the file
 * format: `lastAction` holds the environment's persistent state (`Environment.persistentState`),
 * named for MinAtar's sticky last action.
 */
export interface LoopState {
  readonly format: 'prunerl-runner-state';
  readonly version: 1;
  readonly seed: number;
  readonly iteration: number;
  readonly phase: 'train' | 'eval';
  readonly totalSteps: number;
  readonly totalEpisodes: number;
  readonly stats: IterationStats;
  readonly rng: { readonly episodes: RngState; readonly evalEpisodes: RngState };
  readonly env: {
    /** The training environment's persistent state between episodes (`undefined` mid-episode: `episode` has it). */
    readonly lastAction: PersistentState | undefined;
    /** The episode in progress, to replay on resume. */
    readonly episode: EpisodeReplay | undefined;
    readonly episodeReturn: number;
    readonly episodeLength: number;
  };
  readonly evalEnv: { readonly lastAction: PersistentState | undefined };
  /** Each log file's size at the checkpoint, by the loop's name for it. */
  readonly logOffsets: Record<string, number>;
  readonly sequence: number;
  /** Seconds of training so far, over every process that worked on the run. */
  readonly trainSeconds: number;
}

/** The loop's values a {@link LoopState} records, in the order the file lists them (after format and version). */
export type LoopStateFields = Omit<LoopState, 'format' | 'version'>;

/** `runner.json`'s text for `fields` (one JSON line). */
export function encodeLoopState(fields: LoopStateFields): string {
  const state: LoopState = {
    format: 'prunerl-runner-state',
    version: 1,
    seed: fields.seed,
    iteration: fields.iteration,
    phase: fields.phase,
    totalSteps: fields.totalSteps,
    totalEpisodes: fields.totalEpisodes,
    stats: fields.stats,
    rng: fields.rng,
    env: fields.env,
    evalEnv: fields.evalEnv,
    logOffsets: fields.logOffsets,
    sequence: fields.sequence,
    trainSeconds: fields.trainSeconds,
  };
  return `${JSON.stringify(state)}\n`;
}

/**
 * Reads `runner.json`'s bytes for the run of `seed`: a file of another format or version, or of
 * another seed's run, throws a `StateError` naming the field.
 */
export function decodeLoopState(bytes: Uint8Array, seed: number): LoopState {
  const state = JSON.parse(new TextDecoder().decode(bytes)) as LoopState;
  if (state?.format !== 'prunerl-runner-state' || state.version !== 1) {
    throw new StateError({ field: `${CHECKPOINT_FILES.runner} format`, value: state?.format, expected: 'prunerl-runner-state version 1' });
  }
  if (state.seed !== seed) {
    throw new StateError({ field: `${CHECKPOINT_FILES.runner} seed`, value: state.seed, expected: `the run's seed ${seed}` });
  }
  return state;
}

/** Each log file's offset from `state`; a file it has none for throws a `StateError`. */
export function logOffsetOf(state: LoopState, name: string): number {
  const offset = state.logOffsets[name];
  if (offset === undefined) throw new StateError({ field: `${CHECKPOINT_FILES.runner} logOffsets`, value: name, expected: 'an offset for every log file' });
  return offset;
}

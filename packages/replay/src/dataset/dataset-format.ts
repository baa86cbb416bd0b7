import type { DType } from '@prunerl/core';

/**
 * The on-disk form of a logged transition dataset (format version 1): a directory holding a
 * `manifest.json` ({@link DatasetManifest}) and shards `shard-000000.bin`, ... Every shard holds a run
 * of consecutive transitions, in the order they happened, and is self-contained (its last
 * transition's next observation is stored in it), so any subset of shards can be loaded alone.
 *
 * A shard, all integers little-endian:
 *
 * ```
 * magic      8 bytes   "PRLDSHRD"
 * version    u32       1
 * headerLen  u32       bytes of the JSON header (at most 64 KiB)
 * header     UTF-8 JSON {@link ShardHeader}
 * headerCrc  u32       CRC-32 of the header bytes
 * blocks     header.blocks times:
 *   count    u32       transitions in the block (1 to 4,096)
 *   finals   u32       next observations stored in the block (transitions flagged FINAL)
 *   flags    u8[count]           TERMINATED 1, TRUNCATED 2, FINAL 4
 *   actions  i32[count]
 *   rewards  f32[count]
 *   epsilons f32[count]          the behaviour policy's epsilon when the action was chosen (NaN: unknown)
 *   obs      count observations  (observationDtype, observationShape)
 *   finalObs finals observations (the next observations of the FINAL transitions, in order)
 *   crc      u32       CRC-32 of the block's bytes from `count` to here
 * ```
 *
 * A transition's next observation is the next transition's observation unless it is flagged FINAL
 * (the episode ended, continuity broke, or it is the shard's last), in which case it is stored in
 * `finalObs`. Block checksums let a reader name the byte offset where a damaged shard goes wrong.
 */
export const SHARD_MAGIC = 'PRLDSHRD';
/** The shard format version this package writes and reads. */
export const SHARD_FORMAT_VERSION = 1;
/** Largest shard header accepted, so a corrupt length cannot make a reader allocate gigabytes. */
export const MAX_SHARD_HEADER_BYTES = 64 * 1024;
/** Transitions per block: a damaged block costs at most this many transitions of context. */
export const SHARD_BLOCK_TRANSITIONS = 4096;
/** Name of a dataset directory's manifest. */
export const DATASET_MANIFEST_FILE = 'manifest.json';
/** `format` of a manifest. */
export const DATASET_FORMAT = 'prunerl-dataset';
/** The manifest format version this package writes and reads. */
export const DATASET_FORMAT_VERSION = 1;

/** Bits of a transition's flags. */
export const TransitionFlags = Object.freeze({
  /** The MDP ended (no bootstrap). */
  TERMINATED: 1,
  /** The episode was cut by a time limit (bootstrap from the next observation). */
  TRUNCATED: 2,
  /** The next observation is stored with the transition (episode end, broken continuity, shard end). */
  FINAL: 4,
});

/** What every transition of a dataset shares: the task it was logged on. */
export interface DatasetSpec {
  /** Environment id (`MinAtar/Breakout-v1`). */
  readonly environment: string;
  readonly observationShape: readonly number[];
  readonly observationDtype: DType;
  /** Size of the discrete action space. */
  readonly numActions: number;
}

/** The JSON header of a shard. */
export interface ShardHeader {
  readonly format: 'prunerl-dataset-shard';
  /** Position of the shard in its dataset. */
  readonly index: number;
  /** Index in the dataset of the shard's first transition. */
  readonly firstTransition: number;
  readonly transitions: number;
  readonly blocks: number;
  readonly observationShape: readonly number[];
  readonly observationDtype: DType;
}

/** One shard as the manifest lists it. */
export interface ShardEntry {
  /** File name inside the dataset directory. */
  readonly file: string;
  readonly firstTransition: number;
  readonly transitions: number;
  /** Episodes that ended (terminated or truncated) in the shard. */
  readonly episodesEnded: number;
  /** Whether the shard's first transition opens an episode (the dataset's first, or after an end or a break). */
  readonly startsEpisode: boolean;
  /** Whether the shard's last transition ends an episode (terminated or truncated). */
  readonly endsEpisode: boolean;
  readonly bytes: number;
  /** CRC-32 of the whole file. */
  readonly crc32: number;
}

/** A dataset's `manifest.json`: what it holds, where it came from, and its shards in order. */
export interface DatasetManifest {
  readonly format: typeof DATASET_FORMAT;
  readonly version: typeof DATASET_FORMAT_VERSION;
  readonly spec: DatasetSpec;
  /** Where the data came from (run name, method, seed, agent), free-form. */
  readonly source: Readonly<Record<string, string | number>>;
  /** Transitions per shard the writer aimed at (shards closed at checkpoints hold fewer). */
  readonly shardTransitions: number;
  /** Transitions in all shards. */
  readonly transitions: number;
  readonly shards: readonly ShardEntry[];
}

/** The file name of shard `index`. */
export function shardFileName(index: number): string {
  return `shard-${String(index).padStart(6, '0')}.bin`;
}

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkPositiveInteger, ConfigError, StateError, type Transition, type TypedArray } from '@prunerl/core';
import { crc32 } from '../state/crc32';
import { bitsEqual } from '../storage/frame-kernels';
import { DATASET_FORMAT, DATASET_FORMAT_VERSION, DATASET_MANIFEST_FILE, shardFileName, TransitionFlags, type DatasetManifest, type DatasetSpec, type ShardEntry } from '../dataset/dataset-format';
import { encodeManifest, parseManifest } from '../dataset/dataset-manifest';
import { encodeShard } from '../dataset/shard-codec';
import { ShardBuilder } from '../dataset/transition-columns';
import { writeFileAtomicallySync } from './sync-atomic-write';

/** Options of {@link DatasetWriter.open}. */
export interface DatasetWriterOptions {
  /** The dataset directory (created if missing). */
  readonly directory: string;
  readonly spec: DatasetSpec;
  /** Where the data comes from (run name, method, seed, agent), recorded in the manifest. */
  readonly source?: Readonly<Record<string, string | number>>;
  /** Transitions per shard. Default 10,000. */
  readonly shardTransitions?: number;
}

/**
 * Writes every transition of a run, in order, as a dataset directory (format in
 * `dataset/dataset-format.ts`): shards of `shardTransitions` transitions, each written atomically
 * and listed in `manifest.json` (rewritten atomically after it), so a crash never leaves a shard the
 * manifest lists half-written. `flush` also closes the shard in progress, so what was appended is
 * on disk; `flushedOffset` is the number of transitions on disk then, and `truncate` cuts the
 * dataset back to such a point. That is the contract of the runner's logs (a checkpoint records the
 * offset, a resumed run truncates to it), so a resumed run's dataset is the uninterrupted run's.
 *
 * @example
 * ```ts
 * const writer = DatasetWriter.open({ directory: 'runs/cartpole/seed-0/dataset', spec: { environment: 'CartPole-v1', observationShape: [4], observationDtype: 'float32', numActions: 2 } });
 * writer.append({ observation, action, reward, nextObservation, terminated, truncated }, agent.epsilon);
 * writer.flush(); // at a checkpoint
 * ```
 */
export class DatasetWriter {
  readonly directory: string;
  private manifest: DatasetManifest;
  private builder: ShardBuilder;
  /** Whether the shard being collected opens an episode (decided by its first transition). */
  private shardStartsEpisode = true;
  /** The last transition appended: whether it ended its episode, and its next observation (undefined after a reopen). */
  private last: { ended: boolean; next: TypedArray | undefined };

  private constructor(directory: string, manifest: DatasetManifest) {
    this.directory = directory;
    this.manifest = manifest;
    this.builder = new ShardBuilder(manifest.spec);
    this.last = this.lastOfManifest();
  }

  /**
   * A writer for `options.directory`: a new dataset, or the one there continued (its spec and shard
   * size must match, a `ConfigError` otherwise). Files the manifest does not list (a shard written
   * before a crash, temporary files) are removed.
   */
  static open(options: DatasetWriterOptions): DatasetWriter {
    const shardTransitions = checkPositiveInteger('DatasetWriter.shardTransitions', options.shardTransitions ?? 10_000);
    const directory = options.directory;
    mkdirSync(directory, { recursive: true });
    const manifestPath = join(directory, DATASET_MANIFEST_FILE);
    let manifest: DatasetManifest;
    if (existsSync(manifestPath)) {
      manifest = parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath);
      for (const [field, mine, theirs] of [
        ['spec', options.spec, manifest.spec],
        ['shardTransitions', shardTransitions, manifest.shardTransitions],
      ] as const) {
        if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
          throw new ConfigError({ field: `DatasetWriter.${field}`, value: mine, expected: `${JSON.stringify(theirs)} (the dataset already in ${directory})` });
        }
      }
    } else {
      manifest = { format: DATASET_FORMAT, version: DATASET_FORMAT_VERSION, spec: options.spec, source: { ...(options.source ?? {}) }, shardTransitions, transitions: 0, shards: [] };
      writeFileAtomicallySync(manifestPath, encodeManifest(manifest));
    }
    const writer = new DatasetWriter(directory, manifest);
    writer.removeUnlisted();
    return writer;
  }

  /** Transitions on disk (in the shards the manifest lists). */
  get flushedOffset(): number {
    return this.manifest.transitions;
  }

  /** Transitions appended, on disk or not. */
  get offset(): number {
    return this.manifest.transitions + this.builder.count;
  }

  /** The manifest as written last. */
  get current(): DatasetManifest {
    return this.manifest;
  }

  /**
   * Appends one transition and the epsilon its action was chosen with (NaN when unknown); writes a
   * shard when `shardTransitions` are collected. A malformed transition throws a `ReplayError`.
   */
  append(transition: Transition<TypedArray>, epsilon: number): void {
    const first = this.builder.count === 0;
    this.builder.append(transition, epsilon);
    if (first) {
      const { ended, next } = this.last;
      this.shardStartsEpisode = this.manifest.shards.length === 0 || ended || (next !== undefined && !bitsEqual(next, transition.observation));
    }
    this.last = { ended: transition.terminated || transition.truncated, next: transition.nextObservation.slice() };
    if (this.builder.count >= this.manifest.shardTransitions) this.writeShard();
  }

  /** Writes the transitions collected since the last shard as a shard (so `flushedOffset` covers every append). */
  flush(_sync = true): void {
    if (this.builder.count > 0) this.writeShard();
  }

  /**
   * Cuts the dataset back to its first `transitions` transitions, which must end a shard (a point
   * `flushedOffset` reported), dropping what was collected since; a `StateError` otherwise.
   */
  truncate(transitions: number): void {
    const shards = this.manifest.shards;
    const keep = shards.findIndex((s) => s.firstTransition >= transitions);
    const kept = keep < 0 ? shards : shards.slice(0, keep);
    const total = kept.reduce((n, s) => n + s.transitions, 0);
    if (total !== transitions) {
      throw new StateError({
        field: `${join(this.directory, DATASET_MANIFEST_FILE)} transitions`,
        value: transitions,
        expected: `a shard boundary of the dataset (${[0, ...shards.map((s) => s.firstTransition + s.transitions)].join(', ')})`,
      });
    }
    this.builder = new ShardBuilder(this.manifest.spec);
    if (kept.length !== shards.length) {
      this.manifest = { ...this.manifest, transitions: total, shards: kept };
      writeFileAtomicallySync(join(this.directory, DATASET_MANIFEST_FILE), encodeManifest(this.manifest));
      this.removeUnlisted();
    }
    this.last = this.lastOfManifest();
  }

  /** Writes what is collected (as {@link flush}). */
  close(): void {
    this.flush();
  }

  private writeShard(): void {
    const columns = this.builder.take();
    const index = this.manifest.shards.length;
    const firstTransition = this.manifest.transitions;
    const bytes = encodeShard(columns, { index, firstTransition, observationShape: this.manifest.spec.observationShape, observationDtype: this.manifest.spec.observationDtype });
    const file = shardFileName(index);
    writeFileAtomicallySync(join(this.directory, file), bytes);
    let episodesEnded = 0;
    for (const flags of columns.flags) if (flags & (TransitionFlags.TERMINATED | TransitionFlags.TRUNCATED)) episodesEnded++;
    const endsEpisode = (columns.flags[columns.count - 1]! & (TransitionFlags.TERMINATED | TransitionFlags.TRUNCATED)) !== 0;
    const entry: ShardEntry = { file, firstTransition, transitions: columns.count, episodesEnded, startsEpisode: this.shardStartsEpisode, endsEpisode, bytes: bytes.length, crc32: crc32(bytes) };
    this.manifest = { ...this.manifest, transitions: firstTransition + columns.count, shards: [...this.manifest.shards, entry] };
    writeFileAtomicallySync(join(this.directory, DATASET_MANIFEST_FILE), encodeManifest(this.manifest));
  }

  /** What the manifest says of the last transition on disk (its next observation is not read back). */
  private lastOfManifest(): { ended: boolean; next: TypedArray | undefined } {
    const shards = this.manifest.shards;
    return { ended: shards.length > 0 && shards[shards.length - 1]!.endsEpisode, next: undefined };
  }

  private removeUnlisted(): void {
    const listed = new Set([DATASET_MANIFEST_FILE, ...this.manifest.shards.map((s) => s.file)]);
    for (const name of readdirSync(this.directory)) {
      if (!listed.has(name) && (/^shard-\d+\.bin$/.test(name) || name.endsWith('.tmp'))) rmSync(join(this.directory, name), { force: true });
    }
  }
}

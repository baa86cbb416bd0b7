import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StateError } from '@prunerl/core';
import { syncDirectory, writeFileDurably } from './atomic-file';
import type { CheckpointFile, CheckpointHandle, CheckpointMarker } from './checkpoint-types';

/** The marker file that makes a checkpoint directory complete: written last, inside the directory. */
export const CHECKPOINT_MARKER = 'COMPLETE.json';

const DIRECTORY_PATTERN = /^ckpt-(\d{8})$/;
const TEMP_PREFIX = '.tmp-ckpt-';

/** Why a checkpoint directory was passed over while looking for the latest usable one. */
export interface RejectedCheckpoint {
  readonly sequence: number;
  readonly directory: string;
  readonly reason: string;
}

/** Options of {@link CheckpointStore}. */
export interface CheckpointStoreOptions {
  /** Complete checkpoints kept (older ones are deleted after each write). Default 2. */
  readonly keep?: number;
  /**
   * Called after each file of a checkpoint is written and before the marker. Tests use it to stop
   * a process in the middle of a checkpoint; production code leaves it unset.
   */
  readonly afterFileWritten?: (sequence: number, fileName: string) => void | Promise<void>;
}

async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Checkpoint directories of one run: `ckpt-<sequence>/` each holding named files and a completion
 * marker with every file's size and SHA-256.
 *
 * A write goes to `.tmp-ckpt-<sequence>/`: every file is fsynced, the marker is written last, the
 * directory is fsynced, renamed into place, and the parent fsynced. A process killed at any point
 * leaves either a temporary directory (ignored and removed later) or a complete checkpoint. Reading
 * re-hashes every file, so a checkpoint damaged after the fact (a truncated or flipped byte) is
 * detected and the previous one used.
 */
export class CheckpointStore {
  private readonly keep: number;

  constructor(
    readonly directory: string,
    private readonly options: CheckpointStoreOptions = {},
  ) {
    this.keep = options.keep ?? 2;
    if (!Number.isInteger(this.keep) || this.keep < 1) {
      throw new StateError({ field: 'checkpoints.keep', value: options.keep, expected: 'an integer >= 1' });
    }
  }

  /** Path of the checkpoint directory with this sequence number. */
  pathOf(sequence: number): string {
    return join(this.directory, `ckpt-${String(sequence).padStart(8, '0')}`);
  }

  /**
   * Writes checkpoint `sequence` atomically (see the class notes), then deletes complete
   * checkpoints beyond the `keep` newest and any leftover temporary directories.
   */
  async write(sequence: number, files: readonly CheckpointFile[]): Promise<CheckpointHandle> {
    if (!Number.isSafeInteger(sequence) || sequence < 0) {
      throw new StateError({ field: 'checkpoint sequence', value: sequence, expected: 'an integer >= 0' });
    }
    const names = new Set<string>();
    for (const file of files) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(file.name) || file.name === CHECKPOINT_MARKER || names.has(file.name)) {
        throw new StateError({ field: 'checkpoint file name', value: file.name, expected: `a unique plain file name other than ${CHECKPOINT_MARKER}` });
      }
      names.add(file.name);
    }
    await mkdir(this.directory, { recursive: true });
    const temp = join(this.directory, `${TEMP_PREFIX}${String(sequence).padStart(8, '0')}`);
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp);
    const written: { name: string; bytes: number; sha256: string }[] = [];
    for (const file of files) {
      const result = await writeFileDurably(join(temp, file.name), file.data);
      written.push({ name: file.name, ...result });
      await this.options.afterFileWritten?.(sequence, file.name);
    }
    const marker: CheckpointMarker = {
      format: 'prunerl-checkpoint',
      version: 1,
      sequence,
      createdAt: new Date().toISOString(),
      files: written,
    };
    await writeFileDurably(join(temp, CHECKPOINT_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    await syncDirectory(temp);
    const target = this.pathOf(sequence);
    await rm(target, { recursive: true, force: true });
    await rename(temp, target);
    await syncDirectory(this.directory);
    await this.prune();
    return { sequence, directory: target, marker };
  }

  /** Sequence numbers of every `ckpt-*` directory present, newest first (complete or not). */
  async sequences(): Promise<number[]> {
    let entries: string[];
    try {
      entries = await readdir(this.directory);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'ENOENT') return [];
      throw error;
    }
    return entries
      .map((name) => DIRECTORY_PATTERN.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => b - a);
  }

  /**
   * Validates checkpoint `sequence`: the marker parses, lists the files present, and every file
   * has the recorded size and SHA-256. Returns the handle, or the reason it is unusable.
   */
  async validate(sequence: number): Promise<CheckpointHandle | RejectedCheckpoint> {
    const directory = this.pathOf(sequence);
    const reject = (reason: string): RejectedCheckpoint => ({ sequence, directory, reason });
    let marker: CheckpointMarker;
    try {
      marker = JSON.parse(await readFile(join(directory, CHECKPOINT_MARKER), 'utf8')) as CheckpointMarker;
    } catch (error) {
      return reject(`no readable completion marker (${error instanceof Error ? error.message : String(error)})`);
    }
    if (marker?.format !== 'prunerl-checkpoint' || marker.version !== 1 || marker.sequence !== sequence || !Array.isArray(marker.files)) {
      return reject('the completion marker is not a prunerl checkpoint marker for this sequence');
    }
    for (const file of marker.files) {
      const path = join(directory, file.name);
      try {
        const info = await stat(path);
        if (info.size !== file.bytes) return reject(`${file.name} has ${info.size} bytes, the marker records ${file.bytes}`);
        const { sha256 } = await hashFile(path);
        if (sha256 !== file.sha256) return reject(`${file.name} does not match its SHA-256 checksum`);
      } catch (error) {
        return reject(`${file.name} cannot be read (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    return { sequence, directory, marker };
  }

  /**
   * The newest checkpoint that validates, with the newer ones that did not (so a caller can say
   * why it fell back). `latest` is undefined when no checkpoint is usable.
   */
  async latest(): Promise<{ latest: CheckpointHandle | undefined; rejected: RejectedCheckpoint[] }> {
    const rejected: RejectedCheckpoint[] = [];
    for (const sequence of await this.sequences()) {
      const result = await this.validate(sequence);
      if ('marker' in result) return { latest: result, rejected };
      rejected.push(result);
    }
    return { latest: undefined, rejected };
  }

  /** Reads one file of a validated checkpoint. */
  async readFile(handle: CheckpointHandle, name: string): Promise<Uint8Array> {
    this.assertListed(handle, name);
    return new Uint8Array(await readFile(join(handle.directory, name)));
  }

  /** Streams one file of a validated checkpoint in chunks of about 1 MiB (for replay buffers). */
  async *streamFile(handle: CheckpointHandle, name: string): AsyncIterable<Uint8Array> {
    this.assertListed(handle, name);
    for await (const chunk of createReadStream(join(handle.directory, name), { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  }

  /** Whether `name` is one of the checkpoint's files. */
  has(handle: CheckpointHandle, name: string): boolean {
    return handle.marker.files.some((f) => f.name === name);
  }

  /** Deletes every checkpoint newer than `sequence` (used after falling back to an older one). */
  async discardAfter(sequence: number): Promise<void> {
    for (const newer of await this.sequences()) {
      if (newer > sequence) await rm(this.pathOf(newer), { recursive: true, force: true });
    }
  }

  private assertListed(handle: CheckpointHandle, name: string): void {
    if (!this.has(handle, name)) {
      throw new StateError({ field: `checkpoint ${handle.sequence} file`, value: name, expected: `one of ${handle.marker.files.map((f) => f.name).join(', ')}` });
    }
  }

  /** Keeps the `keep` newest complete checkpoints; removes older ones and stale temporary directories. */
  private async prune(): Promise<void> {
    let complete = 0;
    for (const sequence of await this.sequences()) {
      const directory = this.pathOf(sequence);
      let isComplete = false;
      try {
        await stat(join(directory, CHECKPOINT_MARKER));
        isComplete = true;
      } catch {
        isComplete = false;
      }
      if (isComplete) complete += 1;
      // Incomplete `ckpt-*` directories cannot come from this writer (it renames complete ones only),
      // but a damaged one is kept until newer complete ones exist, for inspection.
      if (complete > this.keep || (!isComplete && complete >= this.keep)) {
        await rm(directory, { recursive: true, force: true });
      }
    }
    for (const name of await readdir(this.directory)) {
      if (name.startsWith(TEMP_PREFIX)) await rm(join(this.directory, name), { recursive: true, force: true });
    }
    await syncDirectory(this.directory);
  }
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StateError, type ReplayBuffer } from '@prunerl/core';

/**
 * Restores a buffer from a file written by `saveReplayBuffer`, streaming it in 4 MiB chunks.
 * Everything `restore` checks applies: a missing, truncated, corrupt or mismatched file throws a
 * `StateError` and leaves the buffer unchanged.
 */
export async function loadReplayBuffer(buffer: Pick<ReplayBuffer, 'restore'>, path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`${path} is not a file`);
  } catch (cause) {
    throw new StateError({ field: 'loadReplayBuffer(path)', value: path, expected: 'a readable replay state file' }, { cause });
  }
  await buffer.restore(createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }));
}

import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ReplayBuffer } from '@prunerl/core';

/** What {@link saveReplayBuffer} wrote. */
export interface SavedReplayFile {
  readonly path: string;
  readonly bytes: number;
}

/**
 * Writes a buffer's `state()` stream to `path` atomically: the chunks go to a temporary file in the
 * same directory, which is flushed to disk and then renamed over `path`, so a crash or an error
 * mid-way leaves any previous file intact (and the temporary file removed). Memory stays at one
 * chunk (4 MiB) whatever the buffer's size.
 *
 * @example
 * ```ts
 * import { saveReplayBuffer, loadReplayBuffer } from '@prunerl/replay/node';
 * await saveReplayBuffer(replay, 'checkpoints/replay.bin');
 * await loadReplayBuffer(freshReplay, 'checkpoints/replay.bin');
 * ```
 */
export async function saveReplayBuffer(buffer: Pick<ReplayBuffer, 'state'>, path: string): Promise<SavedReplayFile> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const handle = await open(temp, 'w');
  let bytes = 0;
  try {
    for await (const chunk of buffer.state()) {
      let offset = 0;
      while (offset < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
        offset += bytesWritten;
      }
      bytes += chunk.length;
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  await syncDirectory(dirname(path));
  return { path, bytes };
}

/** Makes the rename itself durable where the platform allows opening a directory. */
async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

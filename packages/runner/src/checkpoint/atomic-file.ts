import { createHash } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What {@link writeFileDurably} wrote. */
export interface WrittenFile {
  readonly bytes: number;
  /** Hex SHA-256 of the content. */
  readonly sha256: string;
}

/**
 * Writes `data` (bytes, or a stream of byte chunks so a large replay buffer never sits in memory as
 * one array) to `path`, fsyncs it, and returns its size and SHA-256. The file is not atomic on its
 * own: callers write into a temporary directory and rename that.
 */
export async function writeFileDurably(path: string, data: Uint8Array | string | AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<WrittenFile> {
  const hash = createHash('sha256');
  const handle = await open(path, 'w');
  let bytes = 0;
  try {
    const chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> =
      typeof data === 'string' ? [new TextEncoder().encode(data)] : data instanceof Uint8Array ? [data] : data;
    for await (const chunk of chunks) {
      hash.update(chunk);
      let offset = 0;
      while (offset < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
        offset += bytesWritten;
      }
      bytes += chunk.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Fsyncs a directory so a rename or a new entry in it survives a power loss (POSIX). */
export async function syncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes(String((error as { code?: unknown } | null)?.code))) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces `path` atomically: writes a temporary file beside it, fsyncs, renames over `path` and
 * fsyncs the directory. Readers see the old content or the new one, never a mix.
 */
export async function writeFileAtomically(path: string, data: Uint8Array | string): Promise<WrittenFile> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const written = await writeFileDurably(temp, data);
    await rename(temp, path);
    await syncDirectory(dirname(path));
    return written;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

import { StateError } from '@prunerl/core';
import { crc32 } from './crc32';

/**
 * Reads exact byte counts from a stream of chunks of any sizes, keeping a running CRC-32 of what it
 * consumed. A stream that ends early, or holds something other than `Uint8Array`s, fails with a
 * `StateError`; so does one with bytes left over at {@link ByteStreamReader.expectEnd}.
 */
export class ByteStreamReader {
  private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  private current: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private done = false;
  /** Bytes consumed so far. */
  position = 0;
  /** CRC-32 of the bytes consumed while {@link ByteStreamReader.checksumming} was on. */
  crc = 0;
  checksumming = true;

  constructor(
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    private readonly what: string,
  ) {
    const source = chunks as Partial<AsyncIterable<Uint8Array> & Iterable<Uint8Array>>;
    if (source !== null && typeof source === 'object' && typeof source[Symbol.asyncIterator] === 'function') {
      this.iterator = source[Symbol.asyncIterator]!();
    } else if (source !== null && typeof source === 'object' && typeof source[Symbol.iterator] === 'function') {
      this.iterator = source[Symbol.iterator]!();
    } else {
      throw new StateError({ field: what, value: chunks, expected: 'an iterable or async iterable of Uint8Array chunks' });
    }
  }

  /** Fills `dest` entirely from the stream. */
  async readInto(dest: Uint8Array, label: string): Promise<void> {
    let filled = 0;
    while (filled < dest.length) {
      if (this.offset >= this.current.length && !(await this.pull())) {
        throw new StateError({
          field: this.what,
          value: `${this.position} bytes`,
          expected: `more bytes: the stream ended inside ${label} (truncated)`,
        });
      }
      const take = Math.min(dest.length - filled, this.current.length - this.offset);
      const piece = this.current.subarray(this.offset, this.offset + take);
      dest.set(piece, filled);
      if (this.checksumming) this.crc = crc32(piece, this.crc);
      filled += take;
      this.offset += take;
      this.position += take;
    }
  }

  /** Reads `length` bytes into a new array. */
  async read(length: number, label: string): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    await this.readInto(out, label);
    return out;
  }

  /** Reads a little-endian unsigned 32-bit integer. */
  async readUint32(label: string): Promise<number> {
    const bytes = await this.read(4, label);
    return new DataView(bytes.buffer).getUint32(0, true);
  }

  /** Throws unless the stream has no bytes left. */
  async expectEnd(): Promise<void> {
    while (this.offset >= this.current.length) {
      if (!(await this.pull())) return;
    }
    throw new StateError({
      field: this.what,
      value: `more than ${this.position} bytes`,
      expected: `exactly ${this.position} bytes (the stream has trailing bytes)`,
    });
  }

  /** Releases the source (closes a file stream left half-read). */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.iterator.return?.();
    }
  }

  private async pull(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk: unknown = next.value;
    if (!(chunk instanceof Uint8Array)) {
      throw new StateError({ field: `${this.what} chunk`, value: chunk, expected: 'a Uint8Array' });
    }
    this.current = chunk;
    this.offset = 0;
    return true;
  }
}

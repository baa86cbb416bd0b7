/**
 * The byte layout of a replay buffer's state (format version 1), all integers little-endian:
 *
 * ```
 * magic      8 bytes   "PRLREPLY"
 * version    u32       1
 * headerLen  u32       bytes of the JSON header (at most 1 MiB)
 * header     UTF-8 JSON {@link ReplayStateHeader}
 * headerCrc  u32       CRC-32 of the header bytes (so a damaged header fails before gigabytes are read)
 * sections   raw little-endian typed-array bytes, in the order and sizes the header lists
 * crc        u32       CRC-32 of every byte before it
 * ```
 *
 * The header says which buffer wrote the state and with which options, so restoring into a
 * differently configured buffer fails before any data is read.
 */
/** The first 8 bytes of every replay state. */
export const STATE_MAGIC = 'PRLREPLY';
/** The format version this package writes and reads; bumped whenever the layout changes. */
export const STATE_FORMAT_VERSION = 1;
/** Largest header accepted, so a corrupt length cannot make `restore` allocate gigabytes. */
export const MAX_HEADER_BYTES = 1024 * 1024;
/** Size of the chunks `state()` yields. */
export const STATE_CHUNK_BYTES = 4 * 1024 * 1024;

/** The JSON header of a replay state. */
export interface ReplayStateHeader {
  readonly format: '@prunerl/replay';
  /** Which buffer wrote it: `uniform` or `prioritized`. */
  readonly buffer: string;
  /** Options the buffer was built with; they must match the restoring buffer's. */
  readonly config: Record<string, unknown>;
  /** Bookkeeping counters (see `CircularReplayBuffer`). */
  readonly counters: Record<string, unknown>;
  /** `[name, byteLength]` of each section, in stream order. */
  readonly sections: ReadonlyArray<readonly [string, number]>;
}

/** Whether typed arrays on this platform are little-endian (the format's byte order). */
export function platformIsLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** A little-endian u32 as 4 bytes. */
export function uint32Bytes(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return out;
}

import { StateError } from '@prunerl/core';
import { ByteStreamReader } from './byte-stream-reader';
import { crc32 } from './crc32';
import {
  MAX_HEADER_BYTES,
  platformIsLittleEndian,
  STATE_CHUNK_BYTES,
  STATE_FORMAT_VERSION,
  STATE_MAGIC,
  uint32Bytes,
  type ReplayStateHeader,
} from './replay-state-format';

/** One named run of bytes of a replay state (a typed array's bytes). */
export interface StateSection {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** What a buffer saves: the header's fields and the sections, in stream order. */
export interface ReplayStateContents {
  /** Which buffer writes it (`uniform`, `prioritized`). */
  readonly buffer: string;
  readonly config: Record<string, unknown>;
  readonly counters: Record<string, unknown>;
  readonly sections: readonly StateSection[];
}

/** What a state must match to be restored, and where its sections go. */
export interface ReplayStateTarget {
  /** The restoring buffer's kind; a state written by another kind is refused. */
  readonly buffer: string;
  /** The restoring buffer's options; every key must match the header's. */
  readonly config: Record<string, unknown>;
  /**
   * Called once the header is checked: the arrays each section is read into, in stream order (the
   * header must list exactly these names and sizes). Throws a `StateError` for bad counters.
   */
  targets(header: ReplayStateHeader): readonly StateSection[];
}

/** Throws a `StateError` for `field` on a big-endian platform (the format is little-endian). */
export function checkLittleEndian(field: string): void {
  if (!platformIsLittleEndian()) {
    throw new StateError({ field, value: 'big-endian platform', expected: 'a little-endian platform' });
  }
}

/**
 * Writes `contents` in the layout of `replay-state-format.ts`, as chunks of at most 4 MiB that are
 * copies (they stay valid after the buffer changes). `checkUnchanged` runs before every chunk of
 * section data and before the final checksum, so a buffer changed while its stream is read fails
 * the stream instead of yielding a torn state.
 */
export async function* writeReplayState(contents: ReplayStateContents, checkUnchanged: () => void): AsyncGenerator<Uint8Array, void, undefined> {
  const { sections } = contents;
  const header: ReplayStateHeader = {
    format: '@prunerl/replay',
    buffer: contents.buffer,
    config: contents.config,
    counters: contents.counters,
    sections: sections.map((section) => [section.name, section.bytes.length] as const),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const preamble = new Uint8Array(16 + headerBytes.length + 4);
  preamble.set(new TextEncoder().encode(STATE_MAGIC), 0);
  preamble.set(uint32Bytes(STATE_FORMAT_VERSION), 8);
  preamble.set(uint32Bytes(headerBytes.length), 12);
  preamble.set(headerBytes, 16);
  preamble.set(uint32Bytes(crc32(headerBytes)), 16 + headerBytes.length);

  let crc = crc32(preamble);
  yield preamble;
  for (const section of sections) {
    for (let offset = 0; offset < section.bytes.length; offset += STATE_CHUNK_BYTES) {
      checkUnchanged();
      const piece = section.bytes.slice(offset, offset + STATE_CHUNK_BYTES);
      crc = crc32(piece, crc);
      yield piece;
    }
  }
  checkUnchanged();
  yield uint32Bytes(crc);
}

/**
 * Reads a state written by {@link writeReplayState} into the arrays `target.targets` hands out,
 * checking as it goes (magic, version, header and its checksum, buffer kind, options, section
 * names and sizes, the final checksum, no trailing bytes), and returns its header. Any failure is
 * a `StateError`; the caller installs nothing until this returns.
 */
export async function readReplayState(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, target: ReplayStateTarget): Promise<ReplayStateHeader> {
  checkLittleEndian('restore(state)');
  const reader = new ByteStreamReader(chunks, 'restore(state)');
  try {
    const magic = new TextDecoder().decode(await reader.read(8, 'the magic bytes'));
    if (magic !== STATE_MAGIC) {
      throw new StateError({ field: 'restore(state) magic', value: magic, expected: `"${STATE_MAGIC}" (a replay buffer state)` });
    }
    const version = await reader.readUint32('the format version');
    if (version !== STATE_FORMAT_VERSION) {
      throw new StateError({ field: 'restore(state) format version', value: version, expected: `${STATE_FORMAT_VERSION}` });
    }
    const headerLength = await reader.readUint32('the header length');
    if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
      throw new StateError({ field: 'restore(state) header length', value: headerLength, expected: `2 to ${MAX_HEADER_BYTES} bytes` });
    }
    const headerBytes = await reader.read(headerLength, 'the header');
    const headerCrc = await reader.readUint32('the header checksum');
    if (crc32(headerBytes) !== headerCrc) {
      throw new StateError({ field: 'restore(state) header checksum', value: headerCrc, expected: `${crc32(headerBytes)} (the header is corrupt)` });
    }
    const header = parseHeader(headerBytes, target);

    const targets = target.targets(header);
    const expected = targets.map(({ name, bytes }) => [name, bytes.length] as const);
    if (JSON.stringify(header.sections) !== JSON.stringify(expected)) {
      throw new StateError({
        field: 'restore(state) sections',
        value: header.sections,
        expected: `${JSON.stringify(expected)} for these counters and options`,
      });
    }
    for (const { name, bytes } of targets) await reader.readInto(bytes, `section ${name}`);
    const computed = reader.crc;
    reader.checksumming = false;
    const storedCrc = await reader.readUint32('the checksum');
    if (storedCrc !== computed) {
      throw new StateError({ field: 'restore(state) checksum', value: storedCrc, expected: `${computed} (the data is corrupt)` });
    }
    await reader.expectEnd();
    return header;
  } finally {
    await reader.close();
  }
}

function parseHeader(bytes: Uint8Array, target: ReplayStateTarget): ReplayStateHeader {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new StateError({ field: 'restore(state) header', value: `${bytes.length} bytes`, expected: 'UTF-8 JSON' }, { cause });
  }
  const h = header as Partial<ReplayStateHeader> | null;
  if (
    h === null ||
    typeof h !== 'object' ||
    h.format !== '@prunerl/replay' ||
    typeof h.config !== 'object' ||
    h.config === null ||
    typeof h.counters !== 'object' ||
    h.counters === null ||
    !Array.isArray(h.sections)
  ) {
    throw new StateError({ field: 'restore(state) header', value: header, expected: 'a @prunerl/replay state header' });
  }
  if (h.buffer !== target.buffer) {
    throw new StateError({ field: 'restore(state) buffer', value: h.buffer, expected: `"${target.buffer}" (the kind of this buffer)` });
  }
  const mine = target.config;
  for (const key of new Set([...Object.keys(mine), ...Object.keys(h.config)])) {
    if (JSON.stringify(h.config[key]) !== JSON.stringify(mine[key])) {
      throw new StateError({
        field: `restore(state) config.${key}`,
        value: h.config[key],
        expected: `${JSON.stringify(mine[key])} (this buffer's option)`,
      });
    }
  }
  return h as ReplayStateHeader;
}

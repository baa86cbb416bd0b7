import { DatasetError, sizeOfShape, typedArrayFor, type DType, type TypedArray } from '@prunerl/core';
import { checkLittleEndian } from '../state/replay-state-codec';
import { crc32 } from '../state/crc32';
import { MAX_SHARD_HEADER_BYTES, SHARD_BLOCK_TRANSITIONS, SHARD_FORMAT_VERSION, SHARD_MAGIC, TransitionFlags, type ShardHeader } from './dataset-format';
import type { TransitionColumns } from './transition-columns';

/** Where a shard sits in its dataset and what its observations are. */
export interface ShardIdentity {
  readonly index: number;
  readonly firstTransition: number;
  readonly observationShape: readonly number[];
  readonly observationDtype: DType;
}

const BYTES_PER_TRANSITION = 1 + 4 + 4 + 4;

function bytesOf(values: TypedArray, start: number, end: number): Uint8Array {
  const size = values.BYTES_PER_ELEMENT;
  return new Uint8Array(values.buffer, values.byteOffset + start * size, (end - start) * size);
}

function elementBytes(dtype: DType): number {
  return typedArrayFor(dtype, 0).BYTES_PER_ELEMENT;
}

/**
 * The bytes of one shard (layout in `dataset-format.ts`) holding `columns`, cut into blocks of
 * {@link SHARD_BLOCK_TRANSITIONS} transitions, each with its checksum.
 */
export function encodeShard(columns: TransitionColumns, identity: ShardIdentity): Uint8Array {
  checkLittleEndian('encodeShard');
  const observationSize = sizeOfShape(identity.observationShape);
  const observationBytes = observationSize * elementBytes(identity.observationDtype);
  const blocks: Array<{ start: number; end: number; finalStart: number; finals: number }> = [];
  let finalCursor = 0;
  for (let start = 0; start < columns.count; start += SHARD_BLOCK_TRANSITIONS) {
    const end = Math.min(columns.count, start + SHARD_BLOCK_TRANSITIONS);
    let finals = 0;
    for (let i = start; i < end; i++) if (columns.flags[i]! & TransitionFlags.FINAL) finals++;
    blocks.push({ start, end, finalStart: finalCursor, finals });
    finalCursor += finals;
  }
  const header: ShardHeader = {
    format: 'prunerl-dataset-shard',
    index: identity.index,
    firstTransition: identity.firstTransition,
    transitions: columns.count,
    blocks: blocks.length,
    observationShape: [...identity.observationShape],
    observationDtype: identity.observationDtype,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const total = blocks.reduce((n, b) => n + 12 + (b.end - b.start) * (BYTES_PER_TRANSITION + observationBytes) + b.finals * observationBytes, 20 + headerBytes.length);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(SHARD_MAGIC), 0);
  view.setUint32(8, SHARD_FORMAT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, 16);
  view.setUint32(16 + headerBytes.length, crc32(headerBytes), true);
  let at = 20 + headerBytes.length;
  for (const block of blocks) {
    const blockStart = at;
    view.setUint32(at, block.end - block.start, true);
    view.setUint32(at + 4, block.finals, true);
    at += 8;
    for (const part of [
      bytesOf(columns.flags, block.start, block.end),
      bytesOf(columns.actions, block.start, block.end),
      bytesOf(columns.rewards, block.start, block.end),
      bytesOf(columns.epsilons, block.start, block.end),
      bytesOf(columns.observations, block.start * observationSize, block.end * observationSize),
      bytesOf(columns.finalObservations, block.finalStart * observationSize, (block.finalStart + block.finals) * observationSize),
    ]) {
      out.set(part, at);
      at += part.length;
    }
    view.setUint32(at, crc32(out.subarray(blockStart, at)), true);
    at += 4;
  }
  return out;
}

/** What a reader expects of a shard (from the manifest). */
export interface ExpectedShard extends ShardIdentity {
  readonly transitions: number;
}

/**
 * Reads the bytes of one shard back, checking everything on the way: magic, version, header and its
 * checksum, the header against `expected` (the manifest's entry), every block's sizes, flags and
 * checksum, the transition count and that nothing trails. Any fault is a `DatasetError` naming
 * `file` and the byte offset where it starts (a truncated shard: the block the file ends in).
 */
export function decodeShard(bytes: Uint8Array, file: string, expected: ExpectedShard): TransitionColumns {
  checkLittleEndian('decodeShard');
  const fail = (offset: number, expectedText: string, value: unknown, field?: string): never => {
    throw new DatasetError({ file, offset }, { expected: expectedText, value, ...(field !== undefined ? { field } : {}) });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (offset: number, length: number, what: string): void => {
    if (offset + length > bytes.length) fail(offset, `${what} (${length} bytes; the file ends at byte ${bytes.length}: truncated)`, `${bytes.length - offset} bytes left`);
  };
  need(0, 16, 'the magic bytes, version and header length');
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== SHARD_MAGIC) fail(0, `"${SHARD_MAGIC}" (a prunerl dataset shard)`, magic, 'magic');
  const version = view.getUint32(8, true);
  if (version !== SHARD_FORMAT_VERSION) fail(8, `format version ${SHARD_FORMAT_VERSION}`, version, 'version');
  const headerLength = view.getUint32(12, true);
  if (headerLength < 2 || headerLength > MAX_SHARD_HEADER_BYTES) fail(12, `a header length of 2 to ${MAX_SHARD_HEADER_BYTES} bytes`, headerLength, 'header length');
  need(16, headerLength + 4, 'the header and its checksum');
  const headerBytes = bytes.subarray(16, 16 + headerLength);
  const headerCrc = view.getUint32(16 + headerLength, true);
  if (crc32(headerBytes) !== headerCrc) fail(16, `header checksum ${headerCrc} (the header is corrupt)`, crc32(headerBytes), 'header checksum');
  const header = parseShardHeader(headerBytes, (text, value, field) => fail(16, text, value, field));
  for (const key of ['index', 'firstTransition', 'transitions', 'observationShape', 'observationDtype'] as const) {
    if (JSON.stringify(header[key]) !== JSON.stringify(expected[key])) fail(16, `${JSON.stringify(expected[key])} (the manifest's)`, header[key], `header ${key}`);
  }

  const observationSize = sizeOfShape(header.observationShape);
  const elementSize = elementBytes(header.observationDtype);
  const observationBytes = observationSize * elementSize;
  const count = header.transitions;
  const columns = {
    count,
    observations: typedArrayFor(header.observationDtype, count * observationSize),
    actions: new Int32Array(count),
    rewards: new Float32Array(count),
    epsilons: new Float32Array(count),
    flags: new Uint8Array(count),
  };
  const finalChunks: Uint8Array[] = [];
  let filled = 0;
  let at = 20 + headerLength;
  for (let block = 0; block < header.blocks; block++) {
    const blockStart = at;
    need(at, 8, `block ${block + 1} of ${header.blocks}`);
    const n = view.getUint32(at, true);
    const finals = view.getUint32(at + 4, true);
    if (n < 1 || n > SHARD_BLOCK_TRANSITIONS || filled + n > count || finals > n) {
      fail(blockStart, `a block of 1 to ${Math.min(SHARD_BLOCK_TRANSITIONS, count - filled)} transitions with at most as many final observations (block ${block + 1})`, { transitions: n, finals }, 'block size');
    }
    const size = 8 + n * (BYTES_PER_TRANSITION + observationBytes) + finals * observationBytes + 4;
    need(blockStart, size, `block ${block + 1} of ${header.blocks}`);
    const stored = view.getUint32(blockStart + size - 4, true);
    const computed = crc32(bytes.subarray(blockStart, blockStart + size - 4));
    if (stored !== computed) fail(blockStart, `block ${block + 1}'s checksum ${stored} (the block is corrupt)`, computed, 'block checksum');
    at += 8;
    const copy = (target: TypedArray, targetStart: number, length: number): void => {
      const byteLength = length * target.BYTES_PER_ELEMENT;
      new Uint8Array(target.buffer, target.byteOffset + targetStart * target.BYTES_PER_ELEMENT, byteLength).set(bytes.subarray(at, at + byteLength));
      at += byteLength;
    };
    copy(columns.flags, filled, n);
    let flagged = 0;
    for (let i = filled; i < filled + n; i++) {
      if (columns.flags[i]! & ~7) fail(blockStart + 8 + (i - filled), 'flags made of TERMINATED 1, TRUNCATED 2 and FINAL 4', columns.flags[i], `flags of transition ${i}`);
      if (columns.flags[i]! & TransitionFlags.FINAL) flagged++;
      else if (columns.flags[i]! & (TransitionFlags.TERMINATED | TransitionFlags.TRUNCATED)) fail(blockStart + 8 + (i - filled), 'an ended transition to store its next observation (FINAL)', columns.flags[i], `flags of transition ${i}`);
    }
    if (flagged !== finals) fail(blockStart, `${flagged} final observations (one per FINAL flag in block ${block + 1})`, finals, 'block finals');
    copy(columns.actions, filled, n);
    copy(columns.rewards, filled, n);
    copy(columns.epsilons, filled, n);
    copy(columns.observations, filled * observationSize, n * observationSize);
    finalChunks.push(bytes.subarray(at, at + finals * observationBytes));
    at += finals * observationBytes + 4;
    filled += n;
  }
  if (filled !== count) fail(at, `${count} transitions (the header's)`, filled, 'transitions');
  if (at !== bytes.length) fail(at, `the end of the shard after its ${header.blocks} blocks`, `${bytes.length - at} more bytes`, 'trailing bytes');
  if (count > 0 && !(columns.flags[count - 1]! & TransitionFlags.FINAL)) fail(20 + headerLength, 'the last transition to store its next observation (FINAL)', columns.flags[count - 1], 'flags');
  const finalObservations = typedArrayFor(header.observationDtype, (finalChunks.reduce((n, c) => n + c.length, 0) / elementSize) | 0);
  const finalBytes = new Uint8Array(finalObservations.buffer);
  let offset = 0;
  for (const chunk of finalChunks) {
    finalBytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { ...columns, finalObservations };
}

function parseShardHeader(bytes: Uint8Array, fail: (expected: string, value: unknown, field?: string) => never): ShardHeader {
  let header: Partial<ShardHeader> | null;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Partial<ShardHeader> | null;
  } catch {
    return fail('a UTF-8 JSON header', `${bytes.length} bytes`, 'header');
  }
  const integer = (value: unknown, min: number): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
  if (
    header === null ||
    typeof header !== 'object' ||
    header.format !== 'prunerl-dataset-shard' ||
    !integer(header.index, 0) ||
    !integer(header.firstTransition, 0) ||
    !integer(header.transitions, 0) ||
    !integer(header.blocks, 0) ||
    !Array.isArray(header.observationShape) ||
    !header.observationShape.every((d) => integer(d, 1)) ||
    !['float32', 'float64', 'uint8', 'int32'].includes(header.observationDtype as string)
  ) {
    return fail('a prunerl-dataset-shard header', header, 'header');
  }
  return header as ShardHeader;
}

import { bitsArray, fromSparse, sparseByteLength, StateError, toSparse, type NamedTensorRecords, type SparseArray, type TensorRecord } from '@prunerl/core';

/** First bytes of every encoded weight file: "PRLW". */
const MAGIC = [0x50, 0x52, 0x4c, 0x57] as const;
/** Version of the layout below; bump it when the layout changes. */
export const WEIGHTS_FORMAT_VERSION = 2;

/** Versions {@link decodeWeights} reads (1: dense tensors only). */
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** What {@link decodeWeights} returns. */
export interface DecodedWeights {
  readonly records: NamedTensorRecords;
  /** The JSON metadata written with the weights (e.g. the architecture). */
  readonly meta: Record<string, unknown>;
}

interface HeaderEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: TensorRecord['dtype'];
  readonly offset: number;
  readonly length: number;
  /** Sparse tensors (version 2): elements stored, and how their positions are written. */
  readonly nonzeros?: number;
  readonly index?: SparseArray['index'];
}

const BYTES_PER_ELEMENT: Record<TensorRecord['dtype'], number> = { float32: 4, int32: 4, bool: 1 };

/**
 * Encodes named tensors as bytes (browser-safe: no Node APIs):
 * `"PRLW"`, uint32 version, uint32 header length, the UTF-8 JSON header
 * `{ meta, tensors: [{ name, shape, dtype, offset, length }] }`, padding to a multiple of 4, then
 * every tensor's values, little-endian, at its byte `offset` from the start of the data section.
 *
 * A mostly-zero tensor (a pruned layer's weights, a 0/1 mask) is stored sparsely when that is
 * smaller (core's `toSparse`): its entry has `nonzeros` and `index`, and its bytes are the
 * positions (`u16` gaps or `u32` positions), padded to 4 bytes, then the nonzero elements. Decoding
 * gives the same bits as the dense tensor (version 2; version 1 files, dense only, still decode).
 */
export function encodeWeights(records: NamedTensorRecords, meta: Record<string, unknown> = {}): Uint8Array {
  const tensors: HeaderEntry[] = [];
  const parts: (ArrayBufferView & { readonly BYTES_PER_ELEMENT: number })[][] = [];
  let offset = 0;
  for (const [name, record] of Object.entries(records)) {
    const sparse = toSparse(record.values, 4);
    const length = sparse ? sparseByteLength(sparse.positions.length, record.values.BYTES_PER_ELEMENT, sparse.index, 4) : record.values.byteLength;
    tensors.push({ name, shape: [...record.shape], dtype: record.dtype, offset, length, ...(sparse ? { nonzeros: sparse.positions.length, index: sparse.index } : {}) });
    parts.push(sparse ? [sparse.positions, sparse.values] : [record.values]);
    offset += Math.ceil(length / 4) * 4;
  }
  const header = new TextEncoder().encode(JSON.stringify({ meta, tensors }));
  const dataStart = Math.ceil((12 + header.byteLength) / 4) * 4;
  const bytes = new Uint8Array(dataStart + offset);
  bytes.set(MAGIC, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, WEIGHTS_FORMAT_VERSION, true);
  view.setUint32(8, header.byteLength, true);
  bytes.set(header, 12);
  tensors.forEach((entry, i) => {
    let at = dataStart + entry.offset;
    for (const part of parts[i]!) {
      writeLittleEndian(bytes, at, part);
      at += Math.ceil(part.byteLength / 4) * 4;
    }
  });
  return bytes;
}

/**
 * Decodes {@link encodeWeights}'s bytes. Anything that is not such bytes (wrong magic, another
 * version, a truncated or inconsistent file) throws a {@link StateError}.
 */
export function decodeWeights(bytes: Uint8Array): DecodedWeights {
  const fail = (expected: string, value: unknown = `${bytes?.byteLength ?? 0} bytes`): never => {
    throw new StateError({ field: 'weights', value, expected });
  };
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < 12 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail('bytes written by saveWeights (starting with "PRLW")');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (!READABLE_VERSIONS.includes(version)) fail(`weights format version ${READABLE_VERSIONS.join(' or ')}`, `version ${version}`);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.byteLength) fail('a complete header (the bytes are truncated)');
  let header: { meta?: unknown; tensors?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch (cause) {
    throw new StateError({ field: 'weights', value: 'unparsable header', expected: 'a JSON header' }, { cause });
  }
  if (!Array.isArray(header.tensors)) fail('a header listing the tensors', header);
  const dataStart = Math.ceil((12 + headerLength) / 4) * 4;
  const records: Record<string, TensorRecord> = {};
  for (const entry of header.tensors as HeaderEntry[]) {
    const size = Array.isArray(entry?.shape) ? entry.shape.reduce((a, b) => a * b, 1) : NaN;
    const per = BYTES_PER_ELEMENT[entry?.dtype];
    const sparse = entry?.nonzeros !== undefined;
    const validSparse = !sparse || (Number.isSafeInteger(entry.nonzeros) && entry.nonzeros! >= 0 && entry.nonzeros! <= size && (entry.index === 'u16' || entry.index === 'u32'));
    const expectedLength = sparse && validSparse && per !== undefined ? sparseByteLength(entry.nonzeros!, per, entry.index!, 4) : size * per!;
    if (typeof entry?.name !== 'string' || per === undefined || !Number.isInteger(size) || !validSparse || entry.length !== expectedLength || !Number.isInteger(entry.offset)) {
      fail('consistent tensor entries (name, shape, dtype, offset, length)', entry);
    }
    const start = dataStart + entry.offset;
    if (start + entry.length > bytes.byteLength) fail(`${entry.name}'s values inside the bytes (they are truncated)`);
    records[entry.name] = { shape: entry.shape, dtype: entry.dtype, values: sparse ? readSparse(bytes, start, entry, per!, size, fail) : readLittleEndian(bytes, start, entry.dtype, size) };
  }
  const meta = header.meta !== null && typeof header.meta === 'object' ? (header.meta as Record<string, unknown>) : {};
  return { records, meta };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function writeLittleEndian(bytes: Uint8Array, at: number, values: ArrayBufferView & { readonly BYTES_PER_ELEMENT: number }): void {
  bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
  if (!LITTLE_ENDIAN) swapEach(bytes.subarray(at, at + values.byteLength), values.BYTES_PER_ELEMENT);
}

function readLittleEndian(bytes: Uint8Array, at: number, dtype: TensorRecord['dtype'], size: number): TensorRecord['values'] {
  if (dtype === 'bool') return bytes.slice(at, at + size);
  // slice() copies into a fresh, aligned buffer, so the typed view is valid whatever `at` is.
  const copy = bytes.slice(at, at + size * 4);
  if (LITTLE_ENDIAN) return dtype === 'float32' ? new Float32Array(copy.buffer) : new Int32Array(copy.buffer);
  const view = new DataView(copy.buffer);
  const out = dtype === 'float32' ? new Float32Array(size) : new Int32Array(size);
  for (let i = 0; i < size; i++) out[i] = dtype === 'float32' ? view.getFloat32(i * 4, true) : view.getInt32(i * 4, true);
  return out;
}

/** A sparse tensor's values: positions and nonzero elements read back, zeros elsewhere. */
function readSparse(bytes: Uint8Array, at: number, entry: HeaderEntry, per: number, size: number, fail: (expected: string, value?: unknown) => never): TensorRecord['values'] {
  const n = entry.nonzeros!;
  const indexBytes = entry.index === 'u16' ? 2 : 4;
  const positionBytes = bytes.slice(at, at + n * indexBytes);
  const valueBytes = bytes.slice(at + Math.ceil((n * indexBytes) / 4) * 4, at + entry.length);
  if (!LITTLE_ENDIAN) {
    swapEach(positionBytes, indexBytes);
    swapEach(valueBytes, per);
  }
  const positions = indexBytes === 2 ? new Uint16Array(positionBytes.buffer) : new Uint32Array(positionBytes.buffer);
  const values = new (bitsArray(per)!)(valueBytes.buffer, 0, n);
  let buffer: ArrayBuffer;
  try {
    buffer = fromSparse(size, per, { index: entry.index!, positions, values });
  } catch (error) {
    return fail(`${entry.name}'s positions inside its ${size} elements, ascending`, (error as Error).message);
  }
  if (entry.dtype === 'bool') return new Uint8Array(buffer);
  return entry.dtype === 'float32' ? new Float32Array(buffer) : new Int32Array(buffer);
}

/** Reverses the bytes of each `width`-byte element in place (big-endian hosts only). */
function swapEach(bytes: Uint8Array, width: number): void {
  for (let i = 0; i + width <= bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

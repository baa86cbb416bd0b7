import { bitsArray, fromSparse, StateError, toSparse } from '@prunerl/core';

/**
 * The binary format of a state tree (an agent's `state()`, hook states, optimiser slots): one JSON
 * header and the typed arrays' raw bytes, so a 2M-weight network costs 8 MB, not a 30 MB JSON string.
 *
 * Layout (all integers little-endian):
 * ```
 * 0   magic "PRLSTATE" (8 bytes)
 * 8   format version (u32) = 1
 * 12  header length in bytes (u32)
 * 16  header (UTF-8 JSON), zero-padded to a multiple of 8
 * ..  blobs, each starting at an 8-byte boundary, values little-endian
 * ```
 * The header holds `{ value, blobs, byteLength }`: `value` is the tree with each typed array replaced
 * by `{ "$prunerl:blob": i }`, `blobs[i]` is `{ type, offset, length }` (offset relative to the blob
 * area) and `byteLength` is the whole encoding's size, so a truncated file is caught before parsing.
 * Non-finite numbers (a NaN loss) become `{ "$prunerl:number": "NaN" }`, which JSON cannot hold.
 *
 * Version 2 stores mostly-zero arrays sparsely (a pruned network's weights, its target copy, the
 * optimiser moments of pruned weights, 0/1 masks): a blob with `nonzeros` set holds the positions of
 * the elements whose bits are not all zero (`index: "u16"`, gaps from the previous position, the
 * first from 0; or `"u32"`, the positions themselves), then, at the next 8-byte boundary, those
 * elements' bytes. Everything else is zero bits, so arrays come back bit for bit (-0 and NaN
 * payloads included). An array is stored so when that is smaller. Version 1 files (dense blobs
 * only) still decode.
 */
export const STATE_CODEC_MAGIC = 'PRLSTATE';

/** Version written by {@link encodeState}; {@link decodeState} reads it and version 1. */
export const STATE_CODEC_VERSION = 2;

/** Versions {@link decodeState} reads. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

const BLOB_KEY = '$prunerl:blob';
const NUMBER_KEY = '$prunerl:number';
const PREFIX_BYTES = 16;

type TypedArrayName =
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint8'
  | 'uint8clamped'
  | 'uint16'
  | 'uint32'
  | 'bigint64'
  | 'biguint64';

type AnyTypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

const CONSTRUCTORS: Record<TypedArrayName, { new (buffer: ArrayBuffer, offset: number, length: number): AnyTypedArray; BYTES_PER_ELEMENT: number }> = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint8clamped: Uint8ClampedArray,
  uint16: Uint16Array,
  uint32: Uint32Array,
  bigint64: BigInt64Array,
  biguint64: BigUint64Array,
};

interface BlobEntry {
  readonly type: TypedArrayName;
  readonly offset: number;
  readonly length: number;
  /** Sparse blobs (version 2): how many elements are stored, and how their positions are. */
  readonly nonzeros?: number;
  readonly index?: 'u16' | 'u32';
}

interface Header {
  readonly value: unknown;
  readonly blobs: readonly BlobEntry[];
  readonly byteLength: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function typedArrayName(value: ArrayBufferView): TypedArrayName | undefined {
  if (value instanceof Float32Array) return 'float32';
  if (value instanceof Float64Array) return 'float64';
  if (value instanceof Int8Array) return 'int8';
  if (value instanceof Int16Array) return 'int16';
  if (value instanceof Int32Array) return 'int32';
  if (value instanceof Uint8ClampedArray) return 'uint8clamped';
  if (value instanceof Uint8Array) return 'uint8';
  if (value instanceof Uint16Array) return 'uint16';
  if (value instanceof Uint32Array) return 'uint32';
  if (value instanceof BigInt64Array) return 'bigint64';
  if (value instanceof BigUint64Array) return 'biguint64';
  return undefined;
}

const align8 = (n: number): number => (n + 7) & ~7;

/** Byte-swaps each element in place (only needed on big-endian hosts, which store natively). */
function swapBytes(bytes: Uint8Array, elementSize: number): void {
  if (elementSize === 1) return;
  for (let i = 0; i < bytes.length; i += elementSize) {
    for (let a = i, b = i + elementSize - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * Encodes a state tree of plain objects, arrays, strings, booleans, numbers, `null` and typed arrays
 * into one byte array (see the format above). `undefined` object fields are dropped, as in JSON.
 * Throws a `StateError` naming the path of anything else (a `Map`, a function, a tensor), so a state
 * that would not round-trip is refused when it is written, not when it is read back.
 */
export function encodeState(value: unknown): Uint8Array {
  // What goes into the blob area, each at its offset: dense arrays, or a sparse blob's positions and values.
  const chunks: { readonly offset: number; readonly array: AnyTypedArray }[] = [];
  const blobs: BlobEntry[] = [];
  let blobBytes = 0;

  const walk = (node: unknown, path: string): unknown => {
    if (node === null || typeof node === 'string' || typeof node === 'boolean') return node;
    if (typeof node === 'number') return Number.isFinite(node) ? node : { [NUMBER_KEY]: String(node) };
    if (ArrayBuffer.isView(node)) {
      const type = typedArrayName(node);
      if (!type) throw new StateError({ field: path, value: node, expected: 'a typed array (DataView is not supported)' });
      const array = node as AnyTypedArray;
      const sparse = toSparse(array, 8);
      if (sparse) {
        const valuesOffset = align8(blobBytes + sparse.positions.byteLength);
        blobs.push({ type, offset: blobBytes, length: array.length, nonzeros: sparse.positions.length, index: sparse.index });
        chunks.push({ offset: blobBytes, array: sparse.positions }, { offset: valuesOffset, array: sparse.values });
        blobBytes = align8(valuesOffset + sparse.values.byteLength);
      } else {
        blobs.push({ type, offset: blobBytes, length: array.length });
        chunks.push({ offset: blobBytes, array });
        blobBytes = align8(blobBytes + array.byteLength);
      }
      return { [BLOB_KEY]: blobs.length - 1 };
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item === undefined ? null : item, `${path}[${i}]`));
    if (typeof node === 'object') {
      const proto = Object.getPrototypeOf(node) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new StateError({
          field: path,
          value: (node as object).constructor?.name ?? node,
          expected: 'plain objects, arrays, strings, numbers, booleans, null or typed arrays in a state',
        });
      }
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        if (key === BLOB_KEY || key === NUMBER_KEY) {
          throw new StateError({ field: `${path}.${key}`, value: key, expected: 'a key other than the codec\'s reserved "$prunerl:" keys' });
        }
        if (child !== undefined) out[key] = walk(child, `${path}.${key}`);
      }
      return out;
    }
    throw new StateError({
      field: path,
      value: node,
      expected: 'plain objects, arrays, strings, numbers, booleans, null or typed arrays in a state',
    });
  };

  const tree = walk(value, 'state');
  // The header records the total size, which depends on the header's own length: fix the width of
  // that number by encoding twice (the second pass is exact because the digits are padded).
  const draft = (byteLength: number): Uint8Array =>
    new TextEncoder().encode(JSON.stringify({ value: tree, blobs, byteLength: String(byteLength).padStart(16, '0') }));
  const headerLength = draft(0).length;
  const blobStart = align8(PREFIX_BYTES + headerLength);
  const total = blobStart + blobBytes;
  const header = draft(total);

  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(STATE_CODEC_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, STATE_CODEC_VERSION, true);
  view.setUint32(12, header.length, true);
  out.set(header, PREFIX_BYTES);
  for (const { offset, array } of chunks) {
    const target = out.subarray(blobStart + offset, blobStart + offset + array.byteLength);
    target.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    if (!LITTLE_ENDIAN) swapBytes(target, array.BYTES_PER_ELEMENT);
  }
  return out;
}

/**
 * Decodes {@link encodeState} bytes. Typed arrays come back as fresh copies of the same type and
 * length (never views into `bytes`). A wrong magic, version, size or header throws a `StateError`.
 */
export function decodeState(bytes: Uint8Array): unknown {
  const fail = (expected: string, value: unknown): never => {
    throw new StateError({ field: 'state bytes', value, expected });
  };
  if (bytes.length < PREFIX_BYTES) fail(`at least ${PREFIX_BYTES} bytes`, `${bytes.length} bytes`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== STATE_CODEC_MAGIC) fail(`the "${STATE_CODEC_MAGIC}" magic of a prunerl state file`, magic);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (!READABLE_VERSIONS.includes(version)) fail(`format version ${READABLE_VERSIONS.join(' or ')}`, version);
  const headerLength = view.getUint32(12, true);
  if (PREFIX_BYTES + headerLength > bytes.length) fail('a header inside the file (the file is truncated)', `${bytes.length} bytes`);
  let header: Header;
  try {
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength))) as {
      value: unknown;
      blobs: BlobEntry[];
      byteLength: string;
    };
    header = { value: parsed.value, blobs: parsed.blobs, byteLength: Number(parsed.byteLength) };
  } catch (error) {
    throw new StateError({ field: 'state header', value: 'unparsable JSON', expected: 'the JSON header of a prunerl state file' }, { cause: error });
  }
  if (header.byteLength !== bytes.length) {
    fail(`${header.byteLength} bytes as the header records (the file is truncated or padded)`, `${bytes.length} bytes`);
  }
  const blobStart = align8(PREFIX_BYTES + headerLength);
  if (!Array.isArray(header.blobs)) fail('a list of blobs in the header', header.blobs);

  const materialise = (index: number): AnyTypedArray => {
    const entry = header.blobs[index];
    const ctor = entry ? CONSTRUCTORS[entry.type] : undefined;
    if (!entry || !ctor || !Number.isSafeInteger(entry.offset) || !Number.isSafeInteger(entry.length) || entry.length < 0) {
      return fail('a valid blob entry', entry ?? index);
    }
    const start = blobStart + entry.offset;
    const read = (at: number, size: number, elementSize: number): Uint8Array => {
      if (at + size > bytes.length) fail(`blob ${index} inside the file`, { start: at, size, fileBytes: bytes.length });
      const copy = new Uint8Array(bytes.subarray(at, at + size));
      if (!LITTLE_ENDIAN) swapBytes(copy, elementSize);
      return copy;
    };
    if (entry.nonzeros === undefined) {
      return new ctor(read(start, entry.length * ctor.BYTES_PER_ELEMENT, ctor.BYTES_PER_ELEMENT).buffer as ArrayBuffer, 0, entry.length);
    }
    return sparseBlob(entry, ctor.BYTES_PER_ELEMENT, index, read, start, (buffer) => new ctor(buffer, 0, entry.length), fail);
  };

  const revive = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(revive);
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === BLOB_KEY) return materialise(record[BLOB_KEY] as number);
    if (keys.length === 1 && keys[0] === NUMBER_KEY) return Number(record[NUMBER_KEY]);
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = revive(record[key]);
    return out;
  };
  return revive(header.value);
}

/** Rebuilds a sparse blob's array (zero bits but at its positions, each checked). */
function sparseBlob(
  entry: BlobEntry,
  size: number,
  index: number,
  read: (at: number, size: number, elementSize: number) => Uint8Array,
  start: number,
  make: (buffer: ArrayBuffer) => AnyTypedArray,
  fail: (expected: string, value: unknown) => never,
): AnyTypedArray {
  const nonzeros = entry.nonzeros!;
  const indexBytes = entry.index === 'u16' ? 2 : entry.index === 'u32' ? 4 : 0;
  if (!Number.isSafeInteger(nonzeros) || nonzeros < 0 || nonzeros > entry.length || indexBytes === 0) {
    fail('a valid sparse blob entry (nonzeros, index u16 or u32)', entry);
  }
  const positionBytes = read(start, nonzeros * indexBytes, indexBytes);
  const positions = indexBytes === 2 ? new Uint16Array(positionBytes.buffer) : new Uint32Array(positionBytes.buffer);
  const values = new (bitsArray(size)!)(read(align8(start + nonzeros * indexBytes), nonzeros * size, size).buffer as ArrayBuffer, 0, nonzeros);
  try {
    return make(fromSparse(entry.length, size, { index: entry.index!, positions, values }));
  } catch (error) {
    return fail(`positions of blob ${index} inside its ${entry.length} elements, ascending`, (error as Error).message);
  }
}

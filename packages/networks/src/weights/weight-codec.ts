import { StateError, type NamedTensorRecords, type TensorRecord } from '@prunerl/core';

/** First bytes of every encoded weight file: "PRLW". */
const MAGIC = [0x50, 0x52, 0x4c, 0x57] as const;
/** Version of the layout below; bump it when the layout changes. */
export const WEIGHTS_FORMAT_VERSION = 1;

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
}

const BYTES_PER_ELEMENT: Record<TensorRecord['dtype'], number> = { float32: 4, int32: 4, bool: 1 };

/**
 * Encodes named tensors as bytes (browser-safe: no Node APIs):
 * `"PRLW"`, uint32 version, uint32 header length, the UTF-8 JSON header
 * `{ meta, tensors: [{ name, shape, dtype, offset, length }] }`, padding to a multiple of 4, then
 * every tensor's values, little-endian, at its byte `offset` from the start of the data section.
 */
export function encodeWeights(records: NamedTensorRecords, meta: Record<string, unknown> = {}): Uint8Array {
  const tensors: HeaderEntry[] = [];
  let offset = 0;
  for (const [name, record] of Object.entries(records)) {
    const length = record.values.byteLength;
    tensors.push({ name, shape: [...record.shape], dtype: record.dtype, offset, length });
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
  tensors.forEach((entry) => {
    const values = records[entry.name]!.values;
    writeLittleEndian(bytes, dataStart + entry.offset, values);
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
  if (version !== WEIGHTS_FORMAT_VERSION) fail(`weights format version ${WEIGHTS_FORMAT_VERSION}`, `version ${version}`);
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
    if (typeof entry?.name !== 'string' || per === undefined || !Number.isInteger(size) || entry.length !== size * per || !Number.isInteger(entry.offset)) {
      fail('consistent tensor entries (name, shape, dtype, offset, length)', entry);
    }
    const start = dataStart + entry.offset;
    if (start + entry.length > bytes.byteLength) fail(`${entry.name}'s values inside the bytes (they are truncated)`);
    records[entry.name] = { shape: entry.shape, dtype: entry.dtype, values: readLittleEndian(bytes, start, entry.dtype, size) };
  }
  const meta = header.meta !== null && typeof header.meta === 'object' ? (header.meta as Record<string, unknown>) : {};
  return { records, meta };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function writeLittleEndian(bytes: Uint8Array, at: number, values: TensorRecord['values']): void {
  if (values instanceof Uint8Array || LITTLE_ENDIAN) {
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, values.byteLength);
  for (let i = 0; i < values.length; i++) {
    if (values instanceof Float32Array) view.setFloat32(i * 4, values[i]!, true);
    else view.setInt32(i * 4, values[i]!, true);
  }
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

/**
 * Mostly-zero typed arrays as positions and values, bit for bit: the compact form in which
 * checkpoints (@prunerl/runner's state codec) and weight and policy files (@prunerl/networks) store
 * pruned weights, their target copies, optimiser moments of pruned weights and 0/1 masks. Shared so
 * both formats agree on what counts as zero and how positions are written.
 *
 * An element is zero when all its bits are (so -0 and NaN payloads are kept, as values). Positions
 * are `u16` gaps (each from the previous position, the first from 0) when every gap is below 65,536,
 * else `u32` positions.
 */
export interface SparseArray {
  readonly index: 'u16' | 'u32';
  /** Gaps (`u16`) or positions (`u32`) of the nonzero elements, ascending. */
  readonly positions: Uint16Array | Uint32Array;
  /** The nonzero elements' bits, in order (an unsigned integer array of the element width). */
  readonly values: Uint8Array | Uint16Array | Uint32Array | BigUint64Array;
}

type Bits = Uint8Array | Uint16Array | Uint32Array | BigUint64Array;

/** The unsigned integer view of each element width: zero tests and copies that keep every bit. */
const BITS: Readonly<Record<number, new (buffer: ArrayBuffer, offset: number, length: number) => Bits>> = {
  1: Uint8Array,
  2: Uint16Array,
  4: Uint32Array,
  8: BigUint64Array,
};

function bitsOf(array: ArrayBufferView & { readonly length: number; readonly BYTES_PER_ELEMENT: number }): Bits {
  return new BITS[array.BYTES_PER_ELEMENT]!(array.buffer as ArrayBuffer, array.byteOffset, array.length);
}

/** Bytes of a sparse form with `nonzeros` elements of `elementSize` bytes, positions padded to `align`. */
export function sparseByteLength(nonzeros: number, elementSize: number, index: SparseArray['index'], align: number): number {
  const positions = nonzeros * (index === 'u16' ? 2 : 4);
  return Math.ceil(positions / align) * align + nonzeros * elementSize;
}

/**
 * The sparse form of `array` when it takes fewer bytes than the array (positions padded to `align`
 * bytes before the values), else `undefined`. Arrays shorter than `minLength` stay dense.
 */
export function toSparse(array: ArrayBufferView & { readonly length: number; readonly BYTES_PER_ELEMENT: number }, align: number, minLength = 64): SparseArray | undefined {
  if (array.length < minLength || array.length > 0xffffffff || !(array.BYTES_PER_ELEMENT in BITS)) return undefined;
  const bits = bitsOf(array);
  let nonzeros = 0;
  let maxGap = 0;
  let previous = 0;
  for (let i = 0; i < bits.length; i++) {
    if (bits[i] === 0 || bits[i] === 0n) continue;
    if (i - previous > maxGap) maxGap = i - previous;
    previous = i;
    nonzeros++;
  }
  const index = maxGap < 0x10000 ? 'u16' : 'u32';
  if (sparseByteLength(nonzeros, array.BYTES_PER_ELEMENT, index, align) >= array.byteLength) return undefined;
  const positions = index === 'u16' ? new Uint16Array(nonzeros) : new Uint32Array(nonzeros);
  const values = new BITS[array.BYTES_PER_ELEMENT]!(new ArrayBuffer(nonzeros * array.BYTES_PER_ELEMENT), 0, nonzeros);
  let k = 0;
  previous = 0;
  for (let i = 0; i < bits.length; i++) {
    if (bits[i] === 0 || bits[i] === 0n) continue;
    positions[k] = index === 'u16' ? i - previous : i;
    (values as Uint32Array)[k] = (bits as Uint32Array)[i]!;
    previous = i;
    k++;
  }
  return { index, positions, values };
}

/**
 * The bytes of a `length`-element array of `elementSize`-byte elements from its sparse form: zero
 * bits everywhere but at the positions. Throws a `RangeError` when a position falls outside the
 * array or positions do not ascend (a damaged file).
 */
export function fromSparse(length: number, elementSize: number, sparse: SparseArray): ArrayBuffer {
  const buffer = new ArrayBuffer(length * elementSize);
  const bits = new BITS[elementSize]!(buffer, 0, length);
  const { positions, values } = sparse;
  const gaps = sparse.index === 'u16';
  let at = -1;
  for (let k = 0; k < positions.length; k++) {
    const next = gaps ? (k === 0 ? positions[0]! : at + positions[k]!) : positions[k]!;
    if (next >= length || next <= at) throw new RangeError(`sparse array: position ${next} of element ${k} is outside ${length} elements or not ascending`);
    at = next;
    (bits as Uint32Array)[at] = (values as Uint32Array)[k]!;
  }
  return buffer;
}

/** The unsigned integer array type of `elementSize`-byte elements (for reading a sparse form's values). */
export function bitsArray(elementSize: number): (new (buffer: ArrayBuffer, offset: number, length: number) => Bits) | undefined {
  return BITS[elementSize];
}

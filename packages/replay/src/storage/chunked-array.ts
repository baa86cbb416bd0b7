import { typedArrayFor, type DType, type TypedArray } from '@prunerl/core';

/** Largest chunk allocated at once: well under V8's 4 GiB typed-array limit, and kind to allocators. */
const DEFAULT_MAX_CHUNK_BYTES = 256 * 1024 * 1024;

/**
 * Fixed-length records ("slots") of one dtype in typed arrays of at most 256 MiB each, allocated on
 * first write. A 1M-slot store of 84x84 frames (7 GB) cannot be one typed array (V8 caps them at
 * 4 GiB), and lazy chunks keep a half-empty buffer from reserving its full size.
 *
 * Invariant: slot `i` lives in chunk `floor(i / slotsPerChunk)` at element offset
 * `(i % slotsPerChunk) * slotLength`.
 */
export class ChunkedArray {
  readonly slotsPerChunk: number;
  readonly bytesPerElement: number;
  private readonly chunks: (TypedArray | undefined)[];

  constructor(
    readonly dtype: DType,
    readonly slots: number,
    readonly slotLength: number,
    maxChunkBytes = DEFAULT_MAX_CHUNK_BYTES,
  ) {
    this.bytesPerElement = typedArrayFor(dtype, 0).BYTES_PER_ELEMENT;
    this.slotsPerChunk = Math.max(1, Math.min(slots, Math.floor(maxChunkBytes / (slotLength * this.bytesPerElement))));
    this.chunks = new Array<TypedArray | undefined>(Math.ceil(slots / this.slotsPerChunk)).fill(undefined);
  }

  /** The chunk holding `slot`, allocated if needed. */
  chunkOf(slot: number): TypedArray {
    const index = Math.floor(slot / this.slotsPerChunk);
    let chunk = this.chunks[index];
    if (!chunk) {
      const slotsHere = Math.min(this.slotsPerChunk, this.slots - index * this.slotsPerChunk);
      chunk = typedArrayFor(this.dtype, slotsHere * this.slotLength);
      this.chunks[index] = chunk;
    }
    return chunk;
  }

  /** Element offset of `slot` inside {@link ChunkedArray.chunkOf}. */
  offsetOf(slot: number): number {
    return (slot % this.slotsPerChunk) * this.slotLength;
  }

  /** Copies `values` (one slot's worth) into `slot`. */
  write(slot: number, values: TypedArray): void {
    this.chunkOf(slot).set(values, this.offsetOf(slot));
  }

  /** Copies `slot` into `out` at `at`. */
  read(slot: number, out: TypedArray, at: number): void {
    const offset = this.offsetOf(slot);
    out.set(this.chunkOf(slot).subarray(offset, offset + this.slotLength), at);
  }

  /**
   * Byte views covering slots `[0, count)` in order, one per chunk (allocating chunks as needed), for
   * serialising and for restoring straight into place.
   */
  byteViews(count: number): Uint8Array[] {
    const views: Uint8Array[] = [];
    for (let first = 0; first < count; first += this.slotsPerChunk) {
      const chunk = this.chunkOf(first);
      const slotsHere = Math.min(this.slotsPerChunk, count - first);
      views.push(new Uint8Array(chunk.buffer, chunk.byteOffset, slotsHere * this.slotLength * this.bytesPerElement));
    }
    return views;
  }

  /** Bytes currently allocated (chunks touched so far). */
  allocatedBytes(): number {
    let bytes = 0;
    for (const chunk of this.chunks) bytes += chunk?.byteLength ?? 0;
    return bytes;
  }
}

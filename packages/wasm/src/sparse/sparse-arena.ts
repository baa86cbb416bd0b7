/** A region of a {@link SparseArena}, usable once the arena is finished. */
export interface ArenaRegion {
  /** Byte offset in the arena's memory. */
  offset: number;
  /** Number of 4-byte elements. */
  readonly length: number;
}

/**
 * Lays out the memory of one compiled sparse network: weight structures copied in, and scratch
 * regions for activations, in one WebAssembly memory sized once (so views never go stale).
 * Reserve everything, then `finish()`; offsets are valid after that.
 */
export class SparseArena {
  private readonly regions: { region: ArenaRegion; data: Float32Array | Int32Array | undefined }[] = [];
  private finished: { memory: WebAssembly.Memory; f32: Float32Array; i32: Int32Array } | undefined;

  /** A region holding a copy of `data`. */
  store(data: Float32Array | Int32Array): ArenaRegion {
    return this.add(data.length, data);
  }

  /** An uninitialised region of `length` 4-byte elements. */
  reserve(length: number): ArenaRegion {
    return this.add(length, undefined);
  }

  /** Allocates the memory, copies stored data in, and fixes every offset. */
  finish(): { memory: WebAssembly.Memory; f32: Float32Array; i32: Int32Array } {
    if (this.finished) return this.finished;
    let bytes = 0;
    for (const { region } of this.regions) {
      region.offset = bytes;
      // 16-byte alignment keeps every region's start aligned for any access width.
      bytes += Math.ceil((region.length * 4) / 16) * 16;
    }
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const f32 = new Float32Array(memory.buffer);
    const i32 = new Int32Array(memory.buffer);
    for (const { region, data } of this.regions) {
      if (data instanceof Float32Array) f32.set(data, region.offset / 4);
      else if (data instanceof Int32Array) i32.set(data, region.offset / 4);
    }
    this.finished = { memory, f32, i32 };
    return this.finished;
  }

  private add(length: number, data: Float32Array | Int32Array | undefined): ArenaRegion {
    if (this.finished) throw new Error('SparseArena: reserve before finish()');
    const region: ArenaRegion = { offset: -1, length: Math.max(1, length) };
    this.regions.push({ region, data });
    return region;
  }
}

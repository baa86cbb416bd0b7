/** What {@link PatchCache} needs of the heap: freeing a block it no longer keeps. */
export interface PatchMemory {
  free(pointer: number): void;
}

/** Limits of a {@link PatchCache}. */
export interface PatchCacheLimits {
  /** Entries kept at most. Default 32: enough for the deepest built-in torso (Impala, 15 convolutions). */
  readonly entries?: number;
  /**
   * Floats kept at most, all entries together. Default 16M (64 MB): an Impala x1 forward on 84x84
   * Atari frames at batch 32 would keep ~300 MB; past the budget the oldest go, and their filter
   * gradients rebuild them.
   */
  readonly floats?: number;
}

interface Entry {
  readonly dataId: object;
  readonly key: string;
  readonly col: number;
  readonly floats: number;
}

/**
 * Patch matrices of training-forward inputs, kept for the filter gradient of the same convolution:
 * im2col(x) is the forward's left operand and the filter gradient's, so the backward pass need not
 * rebuild it. Keyed by the input's buffer identity (`dataId`: tensors are immutable, and the tape's
 * saved copies share it) and the geometry. An entry is used once; entries whose input was freed
 * (no backward came; `alive` says) are dropped at the next insertion, and past the limits the oldest
 * go first (the backward pass needs the newest, deepest layers, first).
 */
export class PatchCache {
  private entries: Entry[] = [];
  private kept = 0;
  private readonly maxEntries: number;
  private readonly maxFloats: number;

  constructor(
    private readonly memory: PatchMemory,
    private readonly alive: (dataId: object) => boolean,
    limits: PatchCacheLimits = {},
  ) {
    this.maxEntries = limits.entries ?? 32;
    this.maxFloats = limits.floats ?? 16 * 1024 * 1024;
  }

  /** Entries and floats kept now. */
  get size(): { readonly entries: number; readonly floats: number } {
    return { entries: this.entries.length, floats: this.kept };
  }

  /** Hands `col` (`floats` long) to the cache, which frees it when it cannot keep it. */
  put(dataId: object, key: string, col: number, floats: number): void {
    const kept: Entry[] = [];
    for (const entry of this.entries) {
      const stale = (entry.dataId === dataId && entry.key === key) || !this.alive(entry.dataId);
      if (stale) this.release(entry);
      else kept.push(entry);
    }
    this.entries = kept;
    if (floats > this.maxFloats) {
      this.memory.free(col);
      return;
    }
    while (this.entries.length >= this.maxEntries || this.kept + floats > this.maxFloats) this.release(this.entries.shift()!);
    this.entries.push({ dataId, key, col, floats });
    this.kept += floats;
  }

  /** The cached patch matrix (now owned by the caller, who frees it), or undefined. */
  take(dataId: object, key: string): number | undefined {
    const index = this.entries.findIndex((e) => e.dataId === dataId && e.key === key);
    if (index < 0) return undefined;
    const entry = this.entries.splice(index, 1)[0]!;
    this.kept -= entry.floats;
    return entry.col;
  }

  private release(entry: Entry): void {
    this.memory.free(entry.col);
    this.kept -= entry.floats;
  }
}

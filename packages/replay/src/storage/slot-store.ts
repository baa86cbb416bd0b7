import { typedArrayFor, type TypedArray } from '@prunerl/core';
import type { ResolvedReplayOptions } from '../options/replay-buffer-options';
import type { StateSection } from '../state/replay-state-codec';
import { ChunkedArray } from './chunked-array';

/**
 * Every mutable array and counter of a circular replay store, held in one object so that a restore
 * stages a whole new store and swaps it in at once (all or nothing).
 *
 * Slot geometry: slots are written at `written % capacity`; once full, the oldest slot is the one
 * about to be overwritten. "Age" counts from the oldest stored slot (age 0) to the newest
 * (`storedSlots() - 1`).
 */
export class SlotStore {
  readonly observations: ChunkedArray;
  readonly actions: Int32Array;
  /** Continuous actions, `actionSize` float32 values per slot (absent for discrete actions). */
  readonly actionVectors: Float32Array | undefined;
  readonly rewards: Float32Array;
  readonly flags: Uint8Array;
  /** Steps since the episode's first observation, capped at 255 (frame stacking only). */
  readonly positions: Uint8Array | undefined;
  /** `nextObservation` of the last transition of the unfinished episode. */
  readonly pending: TypedArray;
  hasPending = false;
  /** Transitions added to the unfinished episode so far. */
  episodeSteps = 0;
  /** Slots ever written (the cursor is `written % capacity`). */
  written = 0;
  transitionSlots = 0;
  validSlots = 0;
  cuts = 0;
  readonly capacity: number;
  private readonly frameStack: number;

  constructor(config: ResolvedReplayOptions) {
    const { capacity, observationDtype, slotSize, frameStack, observationSize } = config;
    this.capacity = capacity;
    this.frameStack = frameStack;
    this.observations = new ChunkedArray(observationDtype, capacity, slotSize);
    this.actions = new Int32Array(capacity);
    this.actionVectors = config.actionSize > 0 ? new Float32Array(capacity * config.actionSize) : undefined;
    this.rewards = new Float32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.positions = frameStack > 1 ? new Uint8Array(capacity) : undefined;
    this.pending = typedArrayFor(observationDtype, observationSize);
  }

  /** Slots written and not yet overwritten. */
  storedSlots(): number {
    return Math.min(this.written, this.capacity);
  }

  /** The slot at `age` (0 is the oldest stored slot). */
  slotAtAge(age: number): number {
    const oldest = this.written >= this.capacity ? this.written % this.capacity : 0;
    return (oldest + age) % this.capacity;
  }

  /** Whether the frames `slot`'s stack needs (`slot` being at `age`) are still stored. */
  stackInBuffer(slot: number, age: number): boolean {
    return !this.positions || Math.min(this.frameStack - 1, this.positions[slot]!) <= age;
  }

  /** Bytes of typed arrays allocated so far. */
  allocatedBytes(): number {
    return this.observations.allocatedBytes() + this.actions.byteLength + (this.actionVectors?.byteLength ?? 0) + this.rewards.byteLength + this.flags.byteLength + (this.positions?.byteLength ?? 0);
  }

  /**
   * Byte views of slots `[0, stored)` of every array, named and ordered as the state format lists
   * them, plus the pending observation (empty unless `hasPending`). Views, not copies: they serve
   * both to write a state and to restore one straight into place.
   */
  sections(stored: number, hasPending: boolean): StateSection[] {
    return [
      { name: 'flags', bytes: bytesOf(this.flags.subarray(0, stored)) },
      { name: 'actions', bytes: bytesOf(this.actions.subarray(0, stored)) },
      ...(this.actionVectors ? [{ name: 'actionVectors', bytes: bytesOf(this.actionVectors.subarray(0, stored * (this.actionVectors.length / this.capacity))) }] : []),
      { name: 'rewards', bytes: bytesOf(this.rewards.subarray(0, stored)) },
      ...(this.positions ? [{ name: 'positions', bytes: bytesOf(this.positions.subarray(0, stored)) }] : []),
      ...this.observations.byteViews(stored).map((bytes, i) => ({ name: `observations.${i}`, bytes })),
      { name: 'pending', bytes: hasPending ? bytesOf(this.pending) : new Uint8Array(0) },
    ];
  }
}

/** The bytes of a typed array (a view). */
export function bytesOf(array: TypedArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

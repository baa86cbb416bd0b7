import type { StateSection } from './replay-state-codec';

/** What a restored store shows to the parts checked against it. */
export interface RestoredSlots {
  readonly flags: Uint8Array;
  readonly written: number;
}

/**
 * Something a buffer keeps beside its slots and saves with them, such as the prioritized buffer's
 * priorities: the options and counters it adds to the state header, the sections it writes after
 * the store's, and the memory it holds. A buffer composes its parts (passed to the
 * `CircularReplayBuffer` constructor) rather than overriding hooks, so the codec stays one
 * function and a new sampler brings its state in one object.
 */
export interface ReplayStatePart {
  /** Options recorded in the header; a state restores only into a buffer whose options match. */
  readonly config: Readonly<Record<string, number | string>>;
  /** Bytes it holds (counted in the buffer's `stats.allocatedBytes`). */
  readonly allocatedBytes: number;
  /** Counters recorded in the header. */
  counters(): Record<string, number>;
  /** Its sections covering slots `[0, stored)`, written after the store's (views are fine). */
  sections(stored: number): StateSection[];
  /** Fresh arrays to read its sections into, for a restore of `stored` slots. */
  stage(stored: number): StagedStatePart;
}

/** A {@link ReplayStatePart}'s sections being restored. */
export interface StagedStatePart {
  /** Where each section is read to, in order (names and sizes must match the header's). */
  readonly targets: readonly StateSection[];
  /**
   * Checks what was read against the restored slots and header counters (throwing a `StateError`)
   * and returns the function that installs it, which runs only once every check has passed.
   */
  check(slots: RestoredSlots, counters: Readonly<Record<string, unknown>>): () => void;
}

import { StateError, type Rng } from '@prunerl/core';
import type { StateSection } from '../state/replay-state-codec';
import type { ReplayStatePart, RestoredSlots, StagedStatePart } from '../state/replay-state-part';
import { SlotFlags } from '../storage/slot-flags';
import { bytesOf } from '../storage/slot-store';
import { SumTree } from '../sum-tree/sum-tree';

/**
 * The priorities of prioritized replay (Schaul et al. 2016, as Dopamine's sampler): a stored
 * priority `q = p^alpha` per slot in a sum tree, the largest `q` recorded so far (new transitions
 * enter with it, initially 1, never decreasing), stratified draws with probability `q_i / sum q`
 * and importance weights `P(i)^-beta / max_k P(k)^-beta` over the batch.
 *
 * It is the prioritized buffer's {@link ReplayStatePart}: the exponents go in the state header's
 * options, the largest priority in its counters, and the leaves (float64 per stored slot) in a
 * `priorities` section.
 */
export class PriorityStore implements ReplayStatePart {
  readonly config: Readonly<{ priorityExponent: number; importanceExponent: number }>;
  private readonly tree: SumTree;
  private maxPriority = 1;

  constructor(
    capacity: number,
    readonly priorityExponent: number,
    readonly importanceExponent: number,
  ) {
    this.tree = new SumTree(capacity);
    this.config = Object.freeze({ priorityExponent, importanceExponent });
  }

  /** The largest stored priority `q` recorded so far. */
  get maxRecorded(): number {
    return this.maxPriority;
  }

  get allocatedBytes(): number {
    return this.tree.byteLength;
  }

  /** The stored priority `q` of `slot` (0 for slots that cannot be sampled). */
  get(slot: number): number {
    return this.tree.get(slot);
  }

  /** Sets `slot`'s stored priority from a raw priority `p >= 0` (`q = p^alpha`, 0 stays 0). */
  update(slot: number, p: number): void {
    const q = p === 0 ? 0 : p ** this.priorityExponent;
    this.tree.set(slot, q);
    if (q > this.maxPriority) this.maxPriority = q;
  }

  /** A slot that became sampleable enters with the largest priority so far. */
  enter(slot: number): void {
    this.tree.set(slot, this.maxPriority);
  }

  /** A slot that can no longer be sampled is never drawn. */
  remove(slot: number): void {
    this.tree.set(slot, 0);
  }

  /**
   * Draws `count` slots by stratified sampling with their probabilities and importance weights.
   * Returns false (drawing nothing) when every priority is zero, so the caller can fall back.
   */
  draw(count: number, rng: Rng, indices: Int32Array, probabilities: Float32Array, weights: Float32Array): boolean {
    const total = this.tree.total;
    if (!(total > 0)) return false;
    this.tree.stratifiedSample(count, rng, indices);
    const raw = new Float64Array(count);
    let largest = 0;
    for (let k = 0; k < count; k++) {
      const p = this.tree.get(indices[k]!) / total;
      probabilities[k] = p;
      raw[k] = p ** -this.importanceExponent;
      if (raw[k]! > largest) largest = raw[k]!;
    }
    for (let k = 0; k < count; k++) weights[k] = raw[k]! / largest;
    return true;
  }

  counters(): Record<string, number> {
    return { maxPriority: this.maxPriority };
  }

  sections(stored: number): StateSection[] {
    return [{ name: 'priorities', bytes: bytesOf(this.tree.leaves(stored)) }];
  }

  stage(stored: number): StagedStatePart {
    const bytes = new Uint8Array(stored * 8);
    return {
      targets: [{ name: 'priorities', bytes }],
      check: (slots, counters) => this.checkRestored(slots, counters, new Float64Array(bytes.buffer, bytes.byteOffset, stored)),
    };
  }

  /** Restored priorities are in [0, maxPriority], and 0 wherever a slot cannot be sampled. */
  private checkRestored(slots: RestoredSlots, counters: Readonly<Record<string, unknown>>, leaves: Float64Array): () => void {
    const maxPriority = counters.maxPriority;
    if (typeof maxPriority !== 'number' || !(maxPriority >= 1 && maxPriority < Infinity)) {
      throw new StateError({ field: 'restore(state) counters.maxPriority', value: maxPriority, expected: 'a finite number >= 1' });
    }
    for (let slot = 0; slot < leaves.length; slot++) {
      const q = leaves[slot]!;
      const valid = (slots.flags[slot]! & SlotFlags.VALID) !== 0;
      if (!(q >= 0 && q <= maxPriority) || (!valid && q !== 0)) {
        throw new StateError({
          field: `restore(state) priorities[${slot}]`,
          value: q,
          expected: valid ? `a number in [0, ${maxPriority}]` : '0 (the slot cannot be sampled)',
        });
      }
    }
    return () => {
      this.tree.setLeaves(leaves);
      this.maxPriority = maxPriority;
    };
  }
}

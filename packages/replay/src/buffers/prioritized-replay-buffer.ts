import { ReplayError, StateError, type Rng } from '@prunerl/core';
import { estimateResolved } from '../memory/replay-memory-estimate';
import { resolvePrioritizedOptions, type PrioritizedReplayBufferOptions, type ResolvedPrioritizedOptions } from '../options/replay-buffer-options';
import { SlotFlags } from '../storage/slot-flags';
import { SumTree } from '../sum-tree/sum-tree';
import { CircularReplayBuffer, type ExtraSection, type SlotStoreView } from './circular-replay-buffer';

/**
 * Prioritized experience replay (Schaul et al. 2016) as Dopamine's Rainbow uses it (PAPER.md 2.2):
 *
 * - a transition is drawn with probability `P(i) = q_i / sum_j q_j`, where `q_i = p_i^alpha` is its
 *   stored priority (`priorityExponent` alpha, default 1 as in Dopamine's sampler);
 * - a batch is drawn by stratified sampling: `[0, sum q)` is cut into `batchSize` equal segments
 *   and one transition is drawn from each (Dopamine's `SumTree.stratified_sample`);
 * - a transition enters with the largest priority recorded so far (initially 1, never decreasing,
 *   Dopamine's `max_recorded_priority`), at the moment its n-step window completes, which is when
 *   Dopamine's JAX buffer receives it from its accumulator;
 * - importance weights are `w_i = P(i)^-beta / max_k P(k)^-beta` over the batch, with
 *   `importanceExponent` beta default 0.5: the `1 / sqrt(P)` normalised by the batch maximum of
 *   Dopamine's Rainbow agent (which adds 1e-10 to P first; sampled transitions have P > 0, so this
 *   buffer does not, and differs from it by at most about 1e-10 / P relative);
 * - `updatePriorities(indices, p)` sets `q_i = p_i^alpha`; Dopamine's Rainbow passes
 *   `sqrt(loss + 1e-10)`.
 *
 * The sum tree makes an update and a draw O(log n). Should every priority be zero, sampling falls
 * back to uniform with unit weights (as Dopamine's JAX sampler does).
 *
 * @example
 * ```ts
 * const replay = new PrioritizedReplayBuffer({ capacity: 1_000_000, observationShape: [84, 84, 4], observationDtype: 'uint8', frameStack: 4, nStep: 3 });
 * const batch = replay.sample(32, rng);
 * // ... loss per transition, weighted by batch.weights ...
 * replay.updatePriorities(batch.indices, Float32Array.from(losses, (l) => Math.sqrt(l + 1e-10)));
 * ```
 */
export class PrioritizedReplayBuffer extends CircularReplayBuffer {
  readonly prioritized = true;
  readonly bytesPerTransition: number;
  readonly priorityExponent: number;
  readonly importanceExponent: number;
  private readonly tree: SumTree;
  private maxPriority = 1;

  constructor(options: PrioritizedReplayBufferOptions) {
    const resolved: ResolvedPrioritizedOptions = resolvePrioritizedOptions('PrioritizedReplayBuffer', options);
    super(resolved);
    this.priorityExponent = resolved.priorityExponent;
    this.importanceExponent = resolved.importanceExponent;
    this.tree = new SumTree(resolved.capacity);
    this.bytesPerTransition = estimateResolved(resolved, true).bytesPerTransition;
  }

  /** The largest stored priority `q` recorded so far (new transitions enter with it). */
  get maxRecordedPriority(): number {
    return this.maxPriority;
  }

  /** The stored priority `q = p^alpha` of `slot` (0 for slots that cannot be sampled). */
  priorityOf(slot: number): number {
    return this.tree.get(slot);
  }

  /**
   * Sets the priorities of sampled transitions (`indices` from `Batch.indices`), typically from
   * their losses. Priorities must be finite and >= 0 (a zero-priority transition is never drawn
   * again). Slots that can no longer be sampled (overwritten since the batch was drawn) are
   * skipped; for an index repeated in the batch, the last value wins.
   */
  updatePriorities(indices: Int32Array, priorities: Float32Array | Float64Array): void {
    if (!indices || typeof indices.length !== 'number' || !priorities || indices.length !== priorities.length) {
      throw new ReplayError({
        field: 'updatePriorities(priorities)',
        value: priorities,
        expected: `as many priorities as indices (${indices?.length})`,
      });
    }
    for (let i = 0; i < indices.length; i++) {
      const slot = indices[i]!;
      if (!Number.isInteger(slot) || slot < 0 || slot >= this.capacity) {
        throw new ReplayError({ field: `updatePriorities(indices)[${i}]`, value: slot, expected: `a slot index in [0, ${this.capacity})` });
      }
      const p = priorities[i]!;
      if (!(p >= 0 && p < Infinity)) {
        throw new ReplayError({ field: `updatePriorities(priorities)[${i}]`, value: p, expected: 'a finite number >= 0' });
      }
    }
    this.touch();
    for (let i = 0; i < indices.length; i++) {
      const slot = indices[i]!;
      if (!this.isValid(slot)) continue;
      const p = priorities[i]!;
      const q = p === 0 ? 0 : p ** this.priorityExponent;
      this.tree.set(slot, q);
      if (q > this.maxPriority) this.maxPriority = q;
    }
  }

  protected kind(): string {
    return 'prioritized';
  }

  protected drawSlots(count: number, rng: Rng, indices: Int32Array, probabilities: Float32Array, weights: Float32Array): void {
    const total = this.tree.total;
    if (!(total > 0)) {
      this.drawUniform(count, rng, indices);
      probabilities.fill(1 / this.validCount);
      weights.fill(1);
      return;
    }
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
  }

  protected onValidated(slot: number): void {
    this.tree.set(slot, this.maxPriority);
  }

  protected onInvalidated(slot: number): void {
    this.tree.set(slot, 0);
  }

  protected override extraConfig(): Record<string, number> {
    return { priorityExponent: this.priorityExponent, importanceExponent: this.importanceExponent };
  }

  protected override extraCounters(): Record<string, number> {
    return { maxPriority: this.maxPriority };
  }

  protected override extraSections(stored: number): ExtraSection[] {
    const leaves = this.tree.leaves(stored);
    return [{ name: 'priorities', bytes: new Uint8Array(leaves.buffer, leaves.byteOffset, leaves.byteLength) }];
  }

  protected override extraTargets(stored: number): Map<string, Uint8Array> {
    return new Map([['priorities', new Uint8Array(stored * 8)]]);
  }

  protected override prepareExtra(store: Readonly<SlotStoreView>, counters: Record<string, unknown>, targets: Map<string, Uint8Array>): () => void {
    const maxPriority = counters.maxPriority;
    if (typeof maxPriority !== 'number' || !(maxPriority >= 1 && maxPriority < Infinity)) {
      throw new StateError({ field: 'restore(state) counters.maxPriority', value: maxPriority, expected: 'a finite number >= 1' });
    }
    const bytes = targets.get('priorities')!;
    const leaves = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
    for (let slot = 0; slot < leaves.length; slot++) {
      const q = leaves[slot]!;
      const valid = (store.flags[slot]! & SlotFlags.VALID) !== 0;
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

  protected override extraAllocatedBytes(): number {
    return this.tree.byteLength;
  }
}

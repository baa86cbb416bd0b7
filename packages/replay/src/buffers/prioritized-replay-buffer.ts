import { ReplayError, type Rng } from '@prunerl/core';
import { estimateResolved } from '../memory/replay-memory-estimate';
import { resolvePrioritizedOptions, type PrioritizedReplayBufferOptions, type ResolvedPrioritizedOptions } from '../options/replay-buffer-options';
import { PriorityStore } from '../priorities/priority-store';
import { CircularReplayBuffer } from './circular-replay-buffer';

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
 * The priorities live in a {@link PriorityStore} (a sum tree: an update and a draw are O(log n)),
 * which also saves them with the buffer's state. Should every priority be zero, sampling falls back
 * to uniform with unit weights (as Dopamine's JAX sampler does).
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
  private readonly priorities: PriorityStore;

  constructor(options: PrioritizedReplayBufferOptions) {
    const resolved: ResolvedPrioritizedOptions = resolvePrioritizedOptions('PrioritizedReplayBuffer', options);
    const priorities = new PriorityStore(resolved.capacity, resolved.priorityExponent, resolved.importanceExponent);
    super(resolved, [priorities]);
    this.priorities = priorities;
    this.priorityExponent = resolved.priorityExponent;
    this.importanceExponent = resolved.importanceExponent;
    this.bytesPerTransition = estimateResolved(resolved, true).bytesPerTransition;
  }

  /** The largest stored priority `q` recorded so far (new transitions enter with it). */
  get maxRecordedPriority(): number {
    return this.priorities.maxRecorded;
  }

  /** The stored priority `q = p^alpha` of `slot` (0 for slots that cannot be sampled). */
  priorityOf(slot: number): number {
    return this.priorities.get(slot);
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
      if (this.isValid(slot)) this.priorities.update(slot, priorities[i]!);
    }
  }

  protected kind(): string {
    return 'prioritized';
  }

  protected drawSlots(count: number, rng: Rng, indices: Int32Array, probabilities: Float32Array, weights: Float32Array): void {
    if (this.priorities.draw(count, rng, indices, probabilities, weights)) return;
    this.drawUniform(count, rng, indices);
    probabilities.fill(1 / this.validCount);
    weights.fill(1);
  }

  protected onValidated(slot: number): void {
    this.priorities.enter(slot);
  }

  protected onInvalidated(slot: number): void {
    this.priorities.remove(slot);
  }
}

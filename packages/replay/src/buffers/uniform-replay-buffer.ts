import type { Rng } from '@prunerl/core';
import { resolveReplayOptions, type ReplayBufferOptions } from '../options/replay-buffer-options';
import { estimateResolved } from '../memory/replay-memory-estimate';
import { CircularReplayBuffer } from './circular-replay-buffer';

/**
 * Uniform experience replay (DQN's, and Dopamine's `OutOfGraphReplayBuffer`): every transition that
 * can be sampled is drawn with the same probability, with replacement. Batches carry n-step
 * returns, `weights` all 1 and `probabilities` 1 / (transitions that can be sampled).
 *
 * @example
 * ```ts
 * const replay = new UniformReplayBuffer({ capacity: 100_000, observationShape: [10, 10, 4], observationDtype: 'uint8', nStep: 3, gamma: 0.99 });
 * replay.add({ observation, action, reward, nextObservation, terminated, truncated });
 * if (replay.canSample(32)) {
 *   const batch = replay.sample(32, Rng.fromSeed(0).split('replay'));
 * }
 * ```
 */
export class UniformReplayBuffer extends CircularReplayBuffer {
  readonly prioritized = false;
  readonly bytesPerTransition: number;

  constructor(options: ReplayBufferOptions) {
    super(resolveReplayOptions('UniformReplayBuffer', options));
    this.bytesPerTransition = estimateResolved(this.options, false).bytesPerTransition;
  }

  /** A no-op: uniform sampling has no priorities. */
  updatePriorities(_indices: Int32Array, _priorities: Float32Array | Float64Array): void {}

  protected kind(): string {
    return 'uniform';
  }

  protected drawSlots(count: number, rng: Rng, indices: Int32Array, probabilities: Float32Array, weights: Float32Array): void {
    this.drawUniform(count, rng, indices);
    probabilities.fill(1 / this.validCount);
    weights.fill(1);
  }

  protected onValidated(_slot: number): void {}

  protected onInvalidated(_slot: number): void {}
}

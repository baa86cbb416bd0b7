import { typedArrayFor } from '@prunerl/core';
import {
  resolvePrioritizedOptions,
  resolveReplayOptions,
  type PrioritizedReplayBufferOptions,
  type ReplayBufferOptions,
  type ResolvedReplayOptions,
} from '../options/replay-buffer-options';

/** What a full buffer costs, from its options alone. */
export interface ReplayMemoryEstimate {
  /** Bytes per slot: observation (or newest frame), action, reward, flags, sampler share. */
  readonly bytesPerTransition: number;
  /** Of which the stored observation (one frame when stacking). */
  readonly observationBytesPerTransition: number;
  /** Bytes of all typed arrays of a full buffer (`capacity` slots). */
  readonly totalBytes: number;
  /** What storing whole observations (no frame de-duplication) would cost per slot. */
  readonly unstackedBytesPerTransition: number;
}

/**
 * The memory a full buffer takes, without allocating it: observation frames in their own dtype
 * (uint8 frames cost one byte per pixel), int32 action, float32 reward (Dopamine's dtypes), one
 * flag byte, one episode-position byte when stacking, and for prioritized replay the sum tree's
 * float64 nodes (`2 * nextPowerOfTwo(capacity)`).
 *
 * @example
 * ```ts
 * // 1M Atari transitions, 84x84 frames stacked by 4: about 7.07 GB (7,066 bytes per transition)
 * replayMemoryEstimate({ capacity: 1_000_000, observationShape: [84, 84, 4], observationDtype: 'uint8', frameStack: 4 });
 * ```
 */
export function replayMemoryEstimate(
  options: ReplayBufferOptions | PrioritizedReplayBufferOptions,
  kind: 'uniform' | 'prioritized' = 'uniform',
): ReplayMemoryEstimate {
  const resolved =
    kind === 'prioritized' ? resolvePrioritizedOptions('replayMemoryEstimate', options) : resolveReplayOptions('replayMemoryEstimate', options);
  return estimateResolved(resolved, kind === 'prioritized');
}

/** {@link replayMemoryEstimate} for options already resolved (used by the buffers themselves). */
export function estimateResolved(options: ResolvedReplayOptions, prioritized: boolean): ReplayMemoryEstimate {
  const bytesPerValue = typedArrayFor(options.observationDtype, 0).BYTES_PER_ELEMENT;
  const observation = options.slotSize * bytesPerValue;
  const fixed = 4 + 4 + 1 + (options.frameStack > 1 ? 1 : 0);
  let leaves = 1;
  while (leaves < options.capacity) leaves *= 2;
  const tree = prioritized ? 2 * leaves * 8 : 0;
  const totalBytes = options.capacity * (observation + fixed) + tree + options.observationSize * bytesPerValue;
  return {
    bytesPerTransition: totalBytes / options.capacity,
    observationBytesPerTransition: observation,
    totalBytes,
    unstackedBytesPerTransition: options.observationSize * bytesPerValue + 4 + 4 + 1 + tree / options.capacity,
  };
}

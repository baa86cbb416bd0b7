import type { DType } from './space';

/** What {@link inputScaleOf} reads of an observation space (a {@link Box}). */
export interface ScaledSpace {
  readonly dtype: DType;
  readonly low: ArrayLike<number>;
  readonly high: ArrayLike<number>;
}

/**
 * The factor a network multiplies observations of `space` by before its first layer, decided by
 * the space, not by the network: integer observations with non-negative bounds whose largest
 * upper bound exceeds 1 (uint8 Atari frames, 0-255) are divided by that bound (Dopamine's
 * `preprocess_atari_inputs`: /255); 0/1 planes (MinAtar) and float observations are used as they
 * are (factor 1).
 */
export function inputScaleOf(space: ScaledSpace): number {
  if (space.dtype !== 'uint8' && space.dtype !== 'int32') return 1;
  let high = 0;
  for (let i = 0; i < space.high.length; i++) {
    if (!(space.low[i]! >= 0)) return 1;
    high = Math.max(high, space.high[i]!);
  }
  return high > 1 && Number.isFinite(high) ? 1 / high : 1;
}

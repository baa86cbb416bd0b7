/**
 * Where an environment takes its randomness from: the two kinds of draw MinAtar's reference makes
 * on its numpy `RandomState` (and all classic control needs).
 *
 * Invariants an implementation keeps: `random()` is uniform in [0, 1); `randint(low, high)` is an
 * integer in [low, high) (half-open, like numpy's `randint(low, high)`). Environments call them in
 * a documented order, so a source that replays recorded draws replays a trajectory exactly.
 */
export interface RandomSource {
  /** A uniform float in [0, 1) (numpy's `rand()`). */
  random(): number;
  /** A uniform integer in [low, high) (numpy's `randint(low, high)`). */
  randint(low: number, high: number): number;
  /**
   * Restarts the stream from `seed`. Optional: `reset({ seed })` on an environment whose injected
   * source lacks it throws, since the seed could not take effect.
   */
  seed?(seed: number): void;
}

import type { RandomSource } from '../../random/random-source';

/**
 * One MinAtar game's rules, as the reference's `Env` class in `minatar/environments/<game>.py`
 * (kenjyoung/MinAtar v1.0.15). Actions are always the full set's indices
 * (0 no-op, 1 left, 2 up, 3 right, 4 down, 5 fire); `act` after termination returns 0 and changes
 * nothing. Every draw goes to `random`, in the reference's order.
 */
export interface MinAtarGame {
  /** Channel names in the reference's order. */
  readonly channels: readonly string[];
  /** The reference's `minimal_action_set()`, as full-set indices. */
  readonly minimalActions: readonly number[];
  /** The source the game draws from (the reference's `env.random`). */
  random: RandomSource;
  /** Whether the episode has ended. */
  readonly terminal: boolean;
  /** Starts a new episode (the reference's `reset()`, with its draws). */
  reset(): void;
  /** Applies one full-set action; returns the reward (the reference's `act(a)`). */
  act(action: number): number;
  /**
   * Writes the 10x10xC boolean frame into `out` (`[row][col][channel]`, length 100 * C), which the
   * caller has zeroed (the reference's `state()`).
   */
  writeState(out: Uint8Array): void;
  /** The reference's `difficulty_ramp()`: the ramp level, or `null` for games that do not ramp. */
  difficultyRamp(): number | null;
}

/** Action indices of the full MinAtar set, in the reference's order n, l, u, r, d, f. */
export const ACTION_NOOP = 0;
export const ACTION_LEFT = 1;
export const ACTION_UP = 2;
export const ACTION_RIGHT = 3;
export const ACTION_DOWN = 4;
export const ACTION_FIRE = 5;

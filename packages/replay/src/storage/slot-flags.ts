/**
 * Bits of the per-slot flag byte. A slot holds either one transition (its observation, action,
 * reward and end flags) or, right after an episode's last transition, that episode's final
 * observation (`FINAL`), which the last n-step windows bootstrap from.
 */
export const SlotFlags = Object.freeze({
  /** The episode reached a terminal state at this transition: no bootstrap. */
  TERMINATED: 1,
  /** The episode was cut by a time limit at this transition: bootstrap from the final observation. */
  TRUNCATED: 2,
  /**
   * The next transition added did not continue from this one's `nextObservation`: the episode is
   * treated as cut here (it bootstraps, as for `TRUNCATED`).
   */
  CUT: 4,
  /** Not a transition: the final observation of the episode that ends in the slot before. */
  FINAL: 8,
  /** The slot can be sampled: a transition with a complete n-step window and frame stack. */
  VALID: 16,
  /** Any episode end. */
  END: 1 | 2 | 4,
  /** Every bit in use (a restored flag byte with other bits is corrupt). */
  ALL: 1 | 2 | 4 | 8 | 16,
});

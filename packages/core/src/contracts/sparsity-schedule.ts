/**
 * Maps a gradient-update count to a target sparsity, and says on which updates masks are recomputed.
 * `PolynomialSchedule` (PAPER.md equation 1) is the paper's.
 */
export interface SparsitySchedule {
  readonly kind: string;
  /** Target overall sparsity in [0, 1] for the update with index `step`. */
  sparsityAt(step: number): number;
  /** Whether masks are recomputed before the update with index `step`. */
  isUpdateStep(step: number): boolean;
}

/** DI token of {@link SparsitySchedule}. */
export const SparsitySchedule = Symbol.for('@prunerl/core/SparsitySchedule');

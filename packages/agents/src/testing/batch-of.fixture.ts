/**
 * Test fixtures shared by the agents' specs (not published: `*.fixture.ts` is left out of the
 * package files).
 */
import type { Batch } from '@prunerl/core';

/** The rows of a hand-written replay batch: observations are flat rows of `observationShape`. */
export interface BatchRows {
  readonly obs: number[][];
  readonly actions: number[];
  readonly rewards: number[];
  readonly next: number[][];
  readonly discounts: number[];
  /** Importance weights; default all 1. */
  readonly weights?: number[];
  /** Sampling probabilities; default uniform. */
  readonly probabilities?: number[];
}

/**
 * A float32 `Batch` from hand-written rows, as a replay buffer would return it; replay indices run
 * from `firstIndex` (so tests can tell which priorities an agent updated).
 */
export function batchOf(observationShape: readonly number[], rows: BatchRows, firstIndex = 0): Batch {
  const n = rows.actions.length;
  return {
    batchSize: n,
    observationShape: [...observationShape],
    observationDtype: 'float32',
    observations: Float32Array.from(rows.obs.flat()),
    actions: Int32Array.from(rows.actions),
    rewards: Float32Array.from(rows.rewards),
    nextObservations: Float32Array.from(rows.next.flat()),
    discounts: Float32Array.from(rows.discounts),
    indices: Int32Array.from({ length: n }, (_, i) => firstIndex + i),
    weights: Float32Array.from(rows.weights ?? new Array(n).fill(1)),
    probabilities: Float32Array.from(rows.probabilities ?? new Array(n).fill(1 / n)),
  };
}

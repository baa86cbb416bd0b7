/**
 * Test fixtures shared by the agents' specs (not published: `*.fixture.ts` is left out of the
 * package files).
 */
import type { Batch, QNetwork } from '@prunerl/core';
import * as tf from '@tensorflow/tfjs-core';

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

/**
 * Sets the weights of a network without hidden layers (a fake with `hidden: []`): outputs
 * `s W + b`, `W` `[observation size, outputs]` (for a C51 head the outputs are laid out
 * action-major, `A * atoms`). `bias` defaults to zeros.
 */
export function setLinear(network: QNetwork, kernel: number[][], bias: number[] = new Array<number>(kernel[0]!.length).fill(0)): void {
  const [k, b] = network.parameters();
  k!.variable.assign(tf.tensor2d(kernel));
  b!.variable.assign(tf.tensor1d(bias));
}

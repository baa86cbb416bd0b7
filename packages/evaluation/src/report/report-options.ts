import type { Claim } from '../claims/claim';
import type { Normalizer } from '../normalization/normalization-table';
import type { BootstrapOptions } from '../statistics/bootstrap-options';

/** Options of the report. Every field is optional. */
export interface ReportOptions {
  /** Page title. Default `prunerl report`. */
  readonly title?: string;
  /** Metric holding the score (mean episode return per iteration). Default `return`. */
  readonly scoreMetric?: string;
  /**
   * How scores are normalised before aggregating across tasks: `auto` (default: MinAtar anchors if
   * every task is a `MinAtar/...` game, the Atari human/random table if every task is an Atari game,
   * otherwise raw scores), `atari`, `minatar`, `none`, or a {@link Normalizer} of your own.
   */
  readonly normalization?: 'auto' | 'atari' | 'minatar' | 'none' | Normalizer;
  /** Method that probabilities of improvement compare against. Default the first method. */
  readonly baseline?: string;
  /** Bootstrap settings for every interval. Defaults: 2,000 replicates, 95%, seed 0. */
  readonly bootstrap?: BootstrapOptions;
  /** A run's final score is the mean of its last `finalWindow` scores. Default 1. */
  readonly finalWindow?: number;
  /**
   * Claims to judge (declared before the runs, e.g. in a sweep file): each gets a verdict with the
   * stratified-bootstrap interval of the difference (see `judgeClaims`), shown first in the page.
   */
  readonly claims?: readonly Claim[];
  /** Timestamp printed in the header. Default: now. Fix it for reproducible files. */
  readonly generatedAt?: string;
}

/** Metric names the report reads besides the diagnostics (`DIAGNOSTIC_METRICS`). */
export const RUN_METRICS = Object.freeze({
  /** Mean undiscounted episode return over an iteration (the score). */
  return: 'return',
  /** The pruner's measured sparsity over prunable weights. */
  sparsity: 'sparsity',
});

/** An aggregate a claim compares: interquartile mean, mean or median over tasks and runs. */
export type ClaimMetric = 'iqm' | 'mean' | 'median';

/**
 * A claim about two methods, declared before the runs (a sweep or study file's `claims`), that
 * {@link judgeClaims} judges from the runs' scores.
 */
export interface Claim {
  /** What is claimed, in words. */
  readonly claim: string;
  /** The method (a run's `meta.method`) claimed to be better. */
  readonly better: string;
  /** The method it is compared against. */
  readonly than: string;
  /** Aggregate over tasks and runs. Default `iqm`. */
  readonly metric?: ClaimMetric;
  /**
   * The per-run score: the report's score metric (default; normalised as the report normalises
   * it, final value the mean of the last `finalWindow` iterations) or any other scalar metric the
   * runs log (e.g. `diagnostics/srank`), raw, at its last logged value.
   */
  readonly score?: string;
  /** Which way of the score is better. Default `higher`. */
  readonly direction?: 'higher' | 'lower';
}

/**
 * - `holds`: the interval of the difference excludes 0 in the claimed direction;
 * - `refuted`: it excludes 0 in the other direction;
 * - `inconclusive`: it contains 0;
 * - `not judged`: the runs cannot support a verdict (a method without runs or scores, no shared
 *   task, or a single run per task, where a bootstrap has nothing to resample).
 */
export type ClaimVerdictKind = 'holds' | 'refuted' | 'inconclusive' | 'not judged';

/** A point estimate with its interval (the same shape as the statistics' `IntervalEstimate`). */
export interface ClaimInterval {
  readonly point: number;
  readonly lower: number;
  readonly upper: number;
}

/** The judgement of one {@link Claim}, with the numbers behind it. */
export interface ClaimVerdict {
  readonly claim: Claim;
  readonly verdict: ClaimVerdictKind;
  /** Why, in one sentence (with the numbers). */
  readonly reason: string;
  /** Aggregate of `better` (point, and its interval when judged). */
  readonly better?: ClaimInterval;
  /** Aggregate of `than`. */
  readonly than?: ClaimInterval;
  /** `aggregate(better) - aggregate(than)` with its stratified-bootstrap interval. */
  readonly difference?: ClaimInterval;
  /** Probability that a run of `better` improves on a run of `than` (in the claim's direction). */
  readonly probabilityOfImprovement?: ClaimInterval;
  /** Tasks both methods have runs on (the comparison uses these only). */
  readonly tasks: readonly string[];
  /** Runs per method on those tasks. */
  readonly runs: { readonly better: number; readonly than: number };
}

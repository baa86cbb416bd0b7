/** A point estimate with its confidence interval. */
export interface IntervalEstimate {
  readonly point: number;
  readonly lower: number;
  readonly upper: number;
}

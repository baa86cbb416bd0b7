import { checkKnownKeys, checkOneOf, ConfigError } from '@prunerl/core';
import type { ScoresByTask } from '../scores/scores-by-task';
import { aggregateIqm } from './aggregate-iqm';
import { aggregateMean } from './aggregate-mean';
import { aggregateMedian } from './aggregate-median';
import { aggregateOptimalityGap } from './aggregate-optimality-gap';
import type { BootstrapOptions } from './bootstrap-options';
import type { IntervalEstimate } from './interval-estimate';
import { intervalEstimates } from './interval-estimates';

/** The aggregate metrics rliable recommends. */
export type AggregateMetric = 'iqm' | 'median' | 'mean' | 'optimalityGap';

/** Every {@link AggregateMetric}, in rliable's plotting order. */
export const AGGREGATE_METRICS: readonly AggregateMetric[] = ['median', 'iqm', 'mean', 'optimalityGap'];

/** Display names of the metrics (axis and table titles). */
export const AGGREGATE_METRIC_TITLES: Readonly<Record<AggregateMetric, string>> = {
  iqm: 'IQM',
  median: 'Median',
  mean: 'Mean',
  optimalityGap: 'Optimality Gap',
};

/** Options of {@link aggregateEstimates}. */
export interface AggregateEstimatesOptions extends BootstrapOptions {
  /** Which metrics to estimate. Default all four. */
  readonly metrics?: readonly AggregateMetric[];
  /** Threshold of the optimality gap. Default 1. */
  readonly gamma?: number;
}

/** Per method, per metric: the point estimate and its interval. */
export type AggregateEstimates = Record<string, Partial<Record<AggregateMetric, IntervalEstimate>>>;

/** The statistic computing the chosen metrics, as one vector (one bootstrap serves them all). */
export function aggregateStatistic(metrics: readonly AggregateMetric[], gamma = 1): (scores: ScoresByTask) => number[] {
  const fns: Record<AggregateMetric, (s: ScoresByTask) => number> = {
    iqm: aggregateIqm,
    median: aggregateMedian,
    mean: aggregateMean,
    optimalityGap: (s) => aggregateOptimalityGap(s, gamma),
  };
  return (scores) => metrics.map((m) => fns[m](scores));
}

/**
 * IQM, median, mean and optimality gap of each method's final scores with stratified-bootstrap
 * confidence intervals: rliable's README recipe
 * (`get_interval_estimates(scores, lambda x: [median, iqm, mean, og])`), one bootstrap per method
 * shared by the metrics.
 */
export function aggregateEstimates(scoreDict: Readonly<Record<string, ScoresByTask>>, options: AggregateEstimatesOptions = {}): AggregateEstimates {
  const { metrics = AGGREGATE_METRICS, gamma = 1, ...bootstrap } = options;
  checkKnownKeys('aggregateEstimates options', options, ['metrics', 'gamma', 'reps', 'confidence', 'rng', 'seed', 'taskBootstrap']);
  if (!Array.isArray(metrics as unknown) || metrics.length === 0) {
    throw new ConfigError({ field: 'aggregateEstimates options.metrics', value: metrics, expected: `a non-empty list of ${AGGREGATE_METRICS.join(', ')}` });
  }
  metrics.forEach((m, i) => checkOneOf(`aggregateEstimates options.metrics[${i}]`, m, AGGREGATE_METRICS));
  const raw = intervalEstimates(scoreDict, aggregateStatistic(metrics, gamma), bootstrap);
  const out: AggregateEstimates = {};
  for (const [method, estimates] of Object.entries(raw)) {
    const row: Partial<Record<AggregateMetric, IntervalEstimate>> = {};
    metrics.forEach((m, k) => {
      row[m] = estimates[k]!;
    });
    out[method] = row;
  }
  return out;
}

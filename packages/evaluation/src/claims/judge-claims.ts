import { checkPositiveInteger, ConfigError } from '@prunerl/core';
import type { RunData } from '../report/run-data';
import type { ScoresByTask } from '../scores/scores-by-task';
import { aggregateIqm } from '../statistics/aggregate-iqm';
import { aggregateMean } from '../statistics/aggregate-mean';
import { aggregateMedian } from '../statistics/aggregate-median';
import { resolveBootstrapOptions, streamName, type BootstrapOptions } from '../statistics/bootstrap-options';
import { probabilityOfImprovement } from '../statistics/probability-of-improvement';
import { stratifiedBootstrap } from '../statistics/stratified-bootstrap';
import type { Claim, ClaimInterval, ClaimMetric, ClaimVerdict } from './claim';

/** Options of {@link judgeClaims}: how runs are scored, as the report scores them. */
export interface JudgeClaimsOptions {
  /** The report's score metric. Default `return`. */
  readonly scoreMetric?: string;
  /** A run's final score is the mean of its last `finalWindow` scores. Default 1. */
  readonly finalWindow?: number;
  /** Normalisation of the score metric per task (the report's); other metrics stay raw. */
  readonly normalizer?: (score: number, task: string) => number;
  /** Bootstrap settings (default 2,000 replicates, 95%, seed 0). */
  readonly bootstrap?: BootstrapOptions;
}

const AGGREGATES: Readonly<Record<ClaimMetric, (scores: ScoresByTask) => number>> = {
  iqm: aggregateIqm,
  mean: aggregateMean,
  median: aggregateMedian,
};

const METRIC_NAMES: Readonly<Record<ClaimMetric, string>> = { iqm: 'IQM', mean: 'mean', median: 'median' };

/**
 * Judges each claim from the runs. For the two methods, each run's final score (see
 * {@link Claim.score}) on the tasks both were run on; the difference of their aggregates
 * (`better - than`) gets a stratified bootstrap interval (Agarwal et al. 2021: runs resampled with
 * replacement within each task, each method independently, as rliable does for comparisons), and
 * the verdict follows from where that interval lies relative to 0 (see `ClaimVerdictKind`). The
 * probability of improvement (rliable's, Mann-Whitney per task, averaged over tasks) comes with its
 * own interval. With a single run of either method on some task there is nothing to resample: the
 * claim is `not judged`, and no interval is given (a bootstrap over one run would print a
 * zero-width interval that looks certain and means nothing).
 *
 * Deterministic for a given bootstrap seed: each claim draws from its own stream.
 */
export function judgeClaims(runs: readonly RunData[], claims: readonly Claim[], options: JudgeClaimsOptions = {}): ClaimVerdict[] {
  const scoreMetric = options.scoreMetric ?? 'return';
  const window = options.finalWindow === undefined ? 1 : checkPositiveInteger('judgeClaims options.finalWindow', options.finalWindow);
  const bootstrap = resolveBootstrapOptions(options.bootstrap ?? {}, 'judgeClaims options.bootstrap');
  return claims.map((claim, index) => {
    checkClaim(claim, index);
    const metric = claim.metric ?? 'iqm';
    const score = claim.score ?? scoreMetric;
    const lowerIsBetter = claim.direction === 'lower';
    const isScore = score === scoreMetric;
    const finalOf = (run: RunData): number | undefined => {
      const values = run.metrics.filter((m) => m.name === score && typeof m.value === 'number' && Number.isFinite(m.value)).map((m) => m.value as number);
      if (values.length === 0) return undefined;
      const last = isScore ? values.slice(-window) : values.slice(-1);
      const value = last.reduce((s, v) => s + v, 0) / last.length;
      return isScore && options.normalizer ? options.normalizer(value, run.meta.task) : value;
    };
    const byTask = (method: string): Map<string, number[]> => {
      const tasks = new Map<string, number[]>();
      for (const run of runs) {
        if (run.meta.method !== method) continue;
        const value = finalOf(run);
        if (value === undefined) continue;
        const list = tasks.get(run.meta.task) ?? [];
        list.push(value);
        tasks.set(run.meta.task, list);
      }
      return tasks;
    };
    const betterRuns = byTask(claim.better);
    const thanRuns = byTask(claim.than);
    const tasks = [...betterRuns.keys()].filter((task) => thanRuns.has(task)).sort();
    const x = tasks.map((task) => betterRuns.get(task)!);
    const y = tasks.map((task) => thanRuns.get(task)!);
    const counts = { better: x.flat().length, than: y.flat().length };
    const base = { claim, tasks, runs: counts };
    const missing = [claim.better, claim.than].filter((method) => !runs.some((run) => run.meta.method === method));
    if (missing.length > 0) return { ...base, verdict: 'not judged', reason: `No run of ${missing.map((m) => JSON.stringify(m)).join(' or ')}.` };
    if (betterRuns.size === 0 || thanRuns.size === 0) {
      return { ...base, verdict: 'not judged', reason: `No run of ${JSON.stringify(betterRuns.size === 0 ? claim.better : claim.than)} logged the metric "${score}".` };
    }
    if (tasks.length === 0) return { ...base, verdict: 'not judged', reason: 'The two methods share no task.' };
    const aggregate = AGGREGATES[metric];
    const betterPoint = aggregate(x);
    const thanPoint = aggregate(y);
    if (x.some((r) => r.length < 2) || y.some((r) => r.length < 2)) {
      return {
        ...base,
        verdict: 'not judged',
        better: point(betterPoint),
        than: point(thanPoint),
        difference: point(betterPoint - thanPoint),
        reason: `One run per task for at least one method: a bootstrap has nothing to resample, so no interval can say whether the difference of ${format(betterPoint - thanPoint)} is more than seed noise. Run at least 2 seeds (3 or more for a useful interval).`,
      };
    }
    const rng = bootstrap.rng.split('claims').split(streamName(`${index}:${claim.claim}`));
    const common = { reps: bootstrap.reps, confidence: bootstrap.confidence };
    const result = stratifiedBootstrap([x, y], (sx, sy) => [aggregate(sx!), aggregate(sy!), aggregate(sx!) - aggregate(sy!)], { ...common, rng: rng.split('difference') });
    const [betterEstimate, thanEstimate, difference] = result.estimates as [ClaimInterval, ClaimInterval, ClaimInterval];
    // In the claimed direction: for "lower is better", improvement means a lower score.
    const signed = (scores: ScoresByTask): number[][] => scores.map((r) => Array.from(r, (v) => (lowerIsBetter ? -v : v)));
    const poi = stratifiedBootstrap([signed(x), signed(y)], (sx, sy) => probabilityOfImprovement(sx!, sy!), { ...common, rng: rng.split('probability') }).estimates[0]!;
    const favours = lowerIsBetter ? difference.upper < 0 : difference.lower > 0;
    const against = lowerIsBetter ? difference.lower > 0 : difference.upper < 0;
    const verdict = favours ? 'holds' : against ? 'refuted' : 'inconclusive';
    const percent = `${Math.round(bootstrap.confidence * 100)}%`;
    const name = METRIC_NAMES[metric];
    const reason =
      `${name} difference ${format(difference.point)} [${format(difference.lower)}, ${format(difference.upper)}] (${percent} stratified bootstrap, ${bootstrap.reps} replicates, ` +
      `${tasks.length} task${tasks.length === 1 ? '' : 's'}, ${counts.better} vs ${counts.than} runs): ` +
      (verdict === 'holds'
        ? `the interval excludes 0 in the claimed direction (${lowerIsBetter ? 'lower' : 'higher'} is better).`
        : verdict === 'refuted'
          ? `the interval excludes 0 in the opposite direction.`
          : `the interval contains 0.`) +
      ` P(improvement) ${format(poi.point)} [${format(poi.lower)}, ${format(poi.upper)}].`;
    return { ...base, verdict, reason, better: betterEstimate, than: thanEstimate, difference, probabilityOfImprovement: poi };
  });
}

function point(value: number): ClaimInterval {
  return { point: value, lower: value, upper: value };
}

function format(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 0.001 || magnitude >= 1e5) ? value.toExponential(2) : value.toFixed(3);
}

function checkClaim(claim: Claim, index: number): void {
  const field = `claims[${index}]`;
  if (claim === null || typeof claim !== 'object') throw new ConfigError({ field, value: claim, expected: 'an object { claim, better, than, metric?, score?, direction? }' });
  for (const key of ['claim', 'better', 'than'] as const) {
    if (typeof claim[key] !== 'string' || claim[key].length === 0) throw new ConfigError({ field: `${field}.${key}`, value: claim[key], expected: 'a non-empty string' });
  }
  if (claim.better === claim.than) throw new ConfigError({ field: `${field}.than`, value: claim.than, expected: `a method other than "better" (${claim.better})` });
  if (claim.metric !== undefined && !(claim.metric in AGGREGATES)) throw new ConfigError({ field: `${field}.metric`, value: claim.metric, expected: 'one of "iqm", "mean", "median"' });
  if (claim.direction !== undefined && claim.direction !== 'higher' && claim.direction !== 'lower') {
    throw new ConfigError({ field: `${field}.direction`, value: claim.direction, expected: '"higher" or "lower"' });
  }
  if (claim.score !== undefined && (typeof claim.score !== 'string' || claim.score.length === 0)) throw new ConfigError({ field: `${field}.score`, value: claim.score, expected: 'a metric name' });
}

import type { MetricRecord } from '@prunerl/core';
import { checkPositiveInteger, ConfigError } from '@prunerl/core';
import type { TopLevelSpec } from 'vega-lite';
import type { ClaimVerdict } from '../claims/claim';
import { judgeClaims } from '../claims/judge-claims';
import { DIAGNOSTIC_METRICS } from '../diagnostics/diagnostic-metric-names';
import { atariNormalizer } from '../normalization/atari-scores';
import { minatarNormalizer } from '../normalization/minatar-scores';
import type { Normalizer } from '../normalization/normalization-table';
import { aggregateIntervalsSpec } from '../plots/aggregate-intervals-spec';
import { diagnosticsGridSpec, type DiagnosticPoint } from '../plots/diagnostics-grid-spec';
import { gradientCovarianceSpec, type CovarianceMatrix } from '../plots/gradient-covariance-spec';
import { intervalScalingSpec, type IntervalPoint } from '../plots/interval-plot-spec';
import { learningCurvesSpec, type CurveSeries } from '../plots/learning-curves-spec';
import { performanceProfileSpec } from '../plots/performance-profile-spec';
import { probabilityOfImprovementSpec } from '../plots/probability-of-improvement-spec';
import { sparsityScheduleSpec } from '../plots/sparsity-schedule-spec';
import { ScoreTable } from '../scores/score-table';
import { aggregateEstimates, type AggregateEstimates } from '../statistics/aggregate-estimates';
import { aggregateIqm } from '../statistics/aggregate-iqm';
import { aggregateMean } from '../statistics/aggregate-mean';
import { resolveBootstrapOptions, streamName } from '../statistics/bootstrap-options';
import type { IntervalEstimate } from '../statistics/interval-estimate';
import { linspace, performanceProfiles } from '../statistics/performance-profile';
import { probabilityOfImprovementEstimates, type ProbabilityOfImprovementEstimate } from '../statistics/probability-of-improvement-estimates';
import { sampleEfficiencyCurves } from '../statistics/sample-efficiency-curve';
import { stratifiedBootstrap } from '../statistics/stratified-bootstrap';
import { RUN_METRICS, type ReportOptions } from './report-options';
import type { RunData } from './run-data';

/** One figure of the report: a stable id (the `data-plot` attribute), texts and its vega-lite spec. */
export interface ReportFigure {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/** Everything the HTML shows, computed from the runs (no rendering yet). */
export interface ReportModel {
  readonly title: string;
  readonly generatedAt: string;
  readonly runs: readonly RunData[];
  readonly methods: readonly string[];
  readonly tasks: readonly string[];
  /** Raw scores (the score metric). */
  readonly raw: ScoreTable;
  readonly normalizer: Normalizer | undefined;
  /** `human-normalised score`, `score`, ... (axis titles). */
  readonly scoreLabel: string;
  readonly stepUnit: string;
  readonly bootstrap: { readonly reps: number; readonly confidence: number; readonly seed: number };
  readonly aggregates: AggregateEstimates;
  readonly improvements: readonly ProbabilityOfImprovementEstimate[];
  /** Per method, per task: mean raw final score with its interval and the number of runs. */
  readonly perTaskFinal: Readonly<Record<string, Readonly<Record<string, IntervalEstimate & { readonly runs: number }>>>>;
  /** Per run id: its raw final score, if it logged any. */
  readonly runFinals: Readonly<Record<string, number>>;
  readonly figures: readonly ReportFigure[];
  /** The verdicts of the claims given in the options, in their order. */
  readonly claims: readonly ClaimVerdict[];
  /**
   * Methods with a single run on some task: no interval is shown for them (a bootstrap over one
   * run per task has nothing to resample, and a zero-width interval would look certain).
   */
  readonly withoutIntervals: ReadonlySet<string>;
  /** Remarks shown in the summary (e.g. methods compared on different task sets). */
  readonly notes: readonly string[];
}

/** Run statuses (the runner's `meta.json`) whose scores are partial. */
const UNFINISHED_STATUSES: ReadonlySet<string> = new Set(['running', 'interrupted', 'failed']);

const DIAGNOSTIC_COLUMNS: readonly { readonly metric: string; readonly title: string; readonly scale?: number }[] = [
  { metric: DIAGNOSTIC_METRICS.qVariance, title: 'QVariance' },
  { metric: DIAGNOSTIC_METRICS.parameterNorm, title: 'ParametersNorm' },
  { metric: DIAGNOSTIC_METRICS.qNorm, title: 'QNorm' },
  { metric: DIAGNOSTIC_METRICS.srank, title: 'SRank' },
  { metric: DIAGNOSTIC_METRICS.dormant(0.1), title: 'Dormant % (τ=0.1)', scale: 100 },
  { metric: DIAGNOSTIC_METRICS.dormant(0), title: 'Dormant % (τ=0)', scale: 100 },
];

/**
 * Computes every statistic and figure spec of the report from the runs: final aggregates with
 * stratified-bootstrap intervals, probabilities of improvement against the baseline, performance
 * profiles, sample-efficiency and per-task curves, the paper's width (Fig. 1), sparsity (Figs. 2, 3)
 * and diagnostics (Figs. 11, 14) figures when the runs carry what they need. Pure: no I/O.
 */
export function buildReportModel(runs: readonly RunData[], options: ReportOptions = {}): ReportModel {
  const scoreMetric = options.scoreMetric ?? RUN_METRICS.return;
  const finalWindow = options.finalWindow === undefined ? 1 : checkPositiveInteger('report options.finalWindow', options.finalWindow);
  const bootstrapSeed = options.bootstrap?.seed ?? 0;
  const resolved = resolveBootstrapOptions(options.bootstrap ?? {}, 'report options.bootstrap');
  const bootstrap = { reps: resolved.reps, confidence: resolved.confidence, rng: resolved.rng };
  const sorted = [...runs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const stepUnit = sorted.find((r) => r.meta.stepUnit)?.meta.stepUnit ?? 'Environment steps';
  const notes: string[] = [];
  // Runs still going (or failed, or stopped) would bias every aggregate with a partial last score:
  // they are listed with the runs but left out of the statistics. Other statuses (none, for imported
  // results) count as finished.
  const finished = sorted.filter((run) => !UNFINISHED_STATUSES.has(run.meta.status ?? ''));
  const unfinished = sorted.filter((run) => !finished.includes(run));
  if (unfinished.length > 0) {
    notes.push(
      `${unfinished.length} run${unfinished.length === 1 ? ' is' : 's are'} not complete (${unfinished.map((r) => `${r.id}: ${r.meta.status}`).join(', ')}) and ${unfinished.length === 1 ? 'is' : 'are'} left out of every statistic and figure; the runs table lists ${unfinished.length === 1 ? 'it' : 'them'}.`,
    );
  }

  const raw = ScoreTable.fromRecords(
    finished.flatMap((run) =>
      run.metrics
        .filter((m) => m.name === scoreMetric && typeof m.value === 'number')
        .map((m) => ({ method: run.meta.method, task: run.meta.task, seed: run.meta.seed, step: m.step, score: m.value as number })),
    ),
  );
  const methods = unique(finished.map((r) => r.meta.method));
  const tasks = unique(finished.map((r) => r.meta.task));
  const scored = raw.methods();
  const normalizer = resolveNormalizer(options.normalization ?? 'auto', raw.tasks());
  const normalized = normalizer ? raw.normalize(normalizer) : raw;
  const scoreLabel = normalizer ? (normalizer.label.startsWith('human') ? 'human-normalised score' : normalizer.label.includes('MinAtar') ? 'normalised score' : normalizer.label) : 'score';
  const figures: ReportFigure[] = [];
  if (scored.length === 0) notes.push(`No run logged the score metric "${scoreMetric}": score figures are omitted.`);

  // Final aggregates: each method over its own tasks (aligned tasks only matter for comparisons).
  const finals: Record<string, number[][]> = {};
  for (const method of scored) finals[method] = normalized.finalScores(method, { tasks: normalized.tasks(method), window: finalWindow });
  const taskSets = new Set(scored.map((m) => normalized.tasks(m).join('\u0000')));
  if (taskSets.size > 1) notes.push('Methods were run on different task sets; aggregates are over each method’s own tasks and comparisons use the shared tasks only.');
  const aggregates = scored.length > 0 ? aggregateEstimates(finals, { ...bootstrap, rng: bootstrap.rng.split('aggregates') }) : {};
  const withoutIntervals = new Set(scored.filter((m) => raw.tasks(m).some((t) => raw.seeds(m, t).length < 2)));
  if (withoutIntervals.size > 0) {
    notes.push(
      `${[...withoutIntervals].join(', ')}: one run on some task, so no confidence interval or probability of improvement is given for ${withoutIntervals.size === 1 ? 'it' : 'them'}. A bootstrap over a single run per task has nothing to resample and would show a zero-width interval that looks certain and means nothing; run 3 or more seeds per task.`,
    );
  }
  const axisScore = capitalise(scoreLabel);
  if (scored.length > 0) {
    figures.push({
      id: 'aggregate-intervals',
      section: 'final',
      title: 'Aggregate metrics',
      caption: `Median, IQM and mean of the final ${scoreLabel} over all runs and tasks, and the optimality gap (distance below 1; lower is better), with ${formatPercent(bootstrap.confidence)} stratified-bootstrap confidence intervals (${bootstrap.reps} replicates; bars) and point estimates (ticks).`,
      spec: aggregateIntervalsSpec(mapMethods(aggregates, (method, byMetric) => (withoutIntervals.has(method) ? mapValues(byMetric, hideInterval) : byMetric)), { xTitle: axisScore }),
    });
  }

  // Probability of improvement against the baseline, on the tasks every method shares.
  let improvements: ProbabilityOfImprovementEstimate[] = [];
  const shared = normalized.sharedTasks();
  if (scored.length > 1 && shared.length > 0) {
    const baseline = options.baseline ?? scored[0]!;
    if (!scored.includes(baseline)) throw new ConfigError({ field: 'report options.baseline', value: baseline, expected: `one of ${scored.join(', ')}` });
    const aligned = normalized.finalScoreDict({ tasks: shared, window: finalWindow });
    const pairs = withoutIntervals.has(baseline) ? [] : scored.filter((m) => m !== baseline && !withoutIntervals.has(m)).map((m) => [m, baseline] as const);
    improvements = pairs.length > 0 ? probabilityOfImprovementEstimates(aligned, pairs, { ...bootstrap, rng: bootstrap.rng.split('improvement') }) : [];
  }
  if (improvements.length > 0) {
    const baseline = improvements[0]!.y;
    figures.push({
      id: 'probability-of-improvement',
      section: 'final',
      title: `Probability of improvement over ${baseline}`,
      caption: `P(X > Y): the probability that a run of X beats a run of Y on the same task (Mann-Whitney), averaged over the ${shared.length} shared task${shared.length === 1 ? '' : 's'}, with ${formatPercent(bootstrap.confidence)} stratified independent bootstrap intervals. Intervals above the dashed 0.5 line indicate a statistically meaningful improvement.`,
      spec: probabilityOfImprovementSpec(improvements),
    });
  }

  if (scored.length > 0) {
    const all = Object.values(finals).flatMap((tasksOf) => tasksOf.flat());
    const lo = Math.min(0, ...all);
    const hi = Math.max(...all, lo + 1e-9);
    const profiles = mapMethods(performanceProfiles(finals, linspace(lo, hi, 101), { ...bootstrap, rng: bootstrap.rng.split('profiles') }), (method, profile) =>
      withoutIntervals.has(method) ? { ...profile, lower: profile.lower.map(() => Number.NaN), upper: profile.upper.map(() => Number.NaN) } : profile,
    );
    figures.push({
      id: 'performance-profile',
      section: 'final',
      title: 'Performance profiles',
      caption: `Fraction of runs whose final ${scoreLabel} exceeds τ, with ${formatPercent(bootstrap.confidence)} stratified-bootstrap bands. A profile above another dominates it stochastically.`,
      spec: performanceProfileSpec(profiles, { xTitle: `${axisScore} (τ)`, width: 520, height: 300 }),
    });

    // Aligned by record: the runner ends an iteration at an episode's end, so runs share iterations, not steps.
    const curveInput = Object.fromEntries(scored.map((m) => [m, normalized.scoresOverSteps(m, undefined, { align: 'record' })]));
    const curves = mapMethods(sampleEfficiencyCurves(curveInput, aggregateIqm, { ...bootstrap, rng: bootstrap.rng.split('sample-efficiency') }), (method, points) =>
      withoutIntervals.has(method) ? points.map(hideInterval) : points,
    );
    figures.push({
      id: 'sample-efficiency',
      section: 'curves',
      title: 'Sample efficiency',
      caption: `IQM of the ${scoreLabel} over all runs and tasks at each point of training (the k-th record of every run, at their mean step), with ${formatPercent(bootstrap.confidence)} stratified-bootstrap bands (each point bootstrapped on its own, as rliable does; none for a method with one run on some task).`,
      spec: learningCurvesSpec(scored.map((m) => ({ label: m, points: curves[m]! })), { xTitle: stepUnit, yTitle: `IQM ${scoreLabel}`, width: 520, height: 300 }),
    });
  }

  // Per-task raw learning curves and final scores (mean over seeds with a bootstrap interval).
  const perTaskFinal: Record<string, Record<string, IntervalEstimate & { runs: number }>> = {};
  const perTaskSeries: CurveSeries[] = [];
  const bandRng = bootstrap.rng.split('per-task');
  for (const method of scored) {
    perTaskFinal[method] = {};
    for (const task of raw.tasks(method)) {
      const key = streamName(`${method}\u0000${task}`);
      const { steps, scores } = raw.scoresOverSteps(method, [task], { align: 'record' });
      perTaskSeries.push({ label: method, panel: task, points: steps.map((step, i) => ({ step, ...meanInterval(scores[i]![0]!, bootstrap.reps, bootstrap.confidence, bandRng.split(key).split(i)) })) });
      const final = raw.finalScores(method, { tasks: [task], window: finalWindow })[0]!;
      perTaskFinal[method]![task] = { ...meanInterval(final, bootstrap.reps, bootstrap.confidence, bandRng.split(key).split('final')), runs: final.length };
    }
  }
  if (perTaskSeries.length > 0) {
    const panels = unique(perTaskSeries.map((s) => s.panel!));
    figures.push({
      id: 'learning-curves',
      section: 'curves',
      title: 'Learning curves per task',
      caption: `Raw ${scoreMetric} (mean over seeds at each record) per task, with ${formatPercent(bootstrap.confidence)} bootstrap intervals over seeds (none where a task has one seed).`,
      spec: learningCurvesSpec(perTaskSeries, { xTitle: stepUnit, yTitle: capitalise(scoreMetric), columns: Math.min(3, panels.length), width: 300, height: 190 }),
    });
  }

  const runFinals: Record<string, number> = {};
  for (const run of sorted) {
    const values = run.metrics.filter((m) => m.name === scoreMetric && typeof m.value === 'number').sort((a, b) => a.step - b.step);
    if (values.length > 0) runFinals[run.id] = mean(values.slice(-finalWindow).map((m) => m.value as number));
  }

  figures.push(...scalingFigures(finished, runFinals, normalizer, scoreLabel, bootstrap));
  const schedule = sparsityFigure(finished, stepUnit);
  if (schedule) figures.push(schedule);
  const diagnostics = diagnosticsFigure(finished, scoreMetric, stepUnit, bootstrap);
  if (diagnostics) figures.push(diagnostics);
  const covariance = covarianceFigure(finished);
  if (covariance) figures.push(covariance);
  const claims = judgeClaims(finished, options.claims ?? [], {
    scoreMetric,
    finalWindow,
    ...(normalizer ? { normalizer } : {}),
    bootstrap: { reps: bootstrap.reps, confidence: bootstrap.confidence, rng: bootstrap.rng.split('claims') },
  });

  return {
    title: options.title ?? 'prunerl report',
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    runs: sorted,
    methods,
    tasks,
    raw,
    normalizer,
    scoreLabel,
    stepUnit,
    bootstrap: { reps: bootstrap.reps, confidence: bootstrap.confidence, seed: bootstrapSeed },
    aggregates,
    improvements,
    perTaskFinal,
    runFinals,
    figures,
    claims,
    withoutIntervals,
    notes,
  };
}

type Bootstrap = { readonly reps: number; readonly confidence: number; readonly rng: import('@prunerl/core').Rng };

function resolveNormalizer(option: NonNullable<ReportOptions['normalization']>, tasks: readonly string[]): Normalizer | undefined {
  if (typeof option === 'function') return option;
  if (option === 'none') return undefined;
  if (option === 'atari') return atariNormalizer();
  if (option === 'minatar') return minatarNormalizer();
  if (option !== 'auto') throw new ConfigError({ field: 'report options.normalization', value: option, expected: '"auto", "atari", "minatar", "none" or a Normalizer' });
  if (tasks.length === 0) return undefined;
  const minatar = minatarNormalizer();
  if (tasks.every((t) => /^minatar\//i.test(t) && minatar.has(t))) return minatar;
  const atari = atariNormalizer();
  if (tasks.every((t) => !/^minatar\//i.test(t) && atari.has(t))) return atari;
  return undefined;
}

/** Mean of values with a percentile bootstrap interval over them (one stratum); no interval (NaN, not drawn) over a single value. */
function meanInterval(values: ArrayLike<number>, reps: number, confidence: number, rng: import('@prunerl/core').Rng): IntervalEstimate {
  const estimate = stratifiedBootstrap([[values]], aggregateMean, { reps, confidence, rng }).estimates[0]!;
  return values.length < 2 ? hideInterval(estimate) : estimate;
}

/**
 * The estimate without its interval: NaN bounds, which the figures leave out (Vega drops invalid
 * values). A bootstrap over one run per task would draw a zero-width interval that looks certain.
 */
function hideInterval<T extends IntervalEstimate>(estimate: T): T {
  return { ...estimate, lower: Number.NaN, upper: Number.NaN };
}

function mapMethods<T, U>(byMethod: Readonly<Record<string, T>>, f: (method: string, value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(byMethod).map(([method, value]) => [method, f(method, value)]));
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

/** Figs. 1 and 3/15: IQM of final scores grouped by the runs' width / sparsity factors. */
function scalingFigures(runs: readonly RunData[], finals: Readonly<Record<string, number>>, normalizer: Normalizer | undefined, scoreLabel: string, bootstrap: Bootstrap): ReportFigure[] {
  const scoredRuns = runs.filter((r) => finals[r.id] !== undefined);
  const factor = (run: RunData, name: string): string | number | undefined => run.meta.factors?.[name];
  const widths = unique(scoredRuns.map((r) => factor(r, 'width')).filter((w): w is number => typeof w === 'number'));
  const sparsities = unique(scoredRuns.map((r) => factor(r, 'sparsity') ?? (factor(r, 'width') !== undefined ? 0 : undefined)).filter((s): s is number => typeof s === 'number'));
  const agents = unique(scoredRuns.map((r) => String(factor(r, 'agent') ?? '')));
  const score = (run: RunData): number => (normalizer ? normalizer(finals[run.id]!, run.meta.task) : finals[run.id]!);
  const sparsityLabel = (s: number): string => (s === 0 ? 'dense' : `pruned ${formatPercent(s)}`);
  const figures: ReportFigure[] = [];

  const groupIqm = (groups: Map<string, { key: Omit<IntervalPoint, keyof IntervalEstimate>; runs: RunData[] }>, stream: string): IntervalPoint[] => {
    const dict: Record<string, number[][]> = {};
    for (const [id, group] of groups) {
      const byTask = new Map<string, number[]>();
      for (const run of group.runs) byTask.set(run.meta.task, [...(byTask.get(run.meta.task) ?? []), score(run)]);
      dict[id] = [...byTask.values()];
    }
    const estimates = aggregateEstimates(dict, { reps: bootstrap.reps, confidence: bootstrap.confidence, rng: bootstrap.rng.split(stream), metrics: ['iqm'] });
    // Ids are JSON arrays of the factors: sorting them orders panels, series and x values.
    const ordered = [...groups].sort(([a], [b]) => compareFactors(JSON.parse(a) as unknown[], JSON.parse(b) as unknown[]));
    return ordered.map(([id, group]) => {
      const iqm = estimates[id]!.iqm!;
      return { ...group.key, ...(dict[id]!.some((runs) => runs.length < 2) ? hideInterval(iqm) : iqm) };
    });
  };

  if (widths.length >= 2) {
    const groups = new Map<string, { key: Omit<IntervalPoint, keyof IntervalEstimate>; runs: RunData[] }>();
    for (const run of scoredRuns) {
      const width = factor(run, 'width');
      if (typeof width !== 'number') continue;
      const agent = String(factor(run, 'agent') ?? '');
      const sparsity = Number(factor(run, 'sparsity') ?? 0);
      // A sweep's variants (two schedules to one sparsity) are series of their own, never pooled.
      const variant = factor(run, 'variant');
      const series = variant === undefined ? sparsityLabel(sparsity) : String(variant);
      const id = JSON.stringify([agent, sparsity, series, width]);
      if (!groups.has(id)) groups.set(id, { key: { ...(agents.length > 1 || agent ? { panel: agent } : {}), series, x: width }, runs: [] });
      groups.get(id)!.runs.push(run);
    }
    figures.push({
      id: 'width-scaling',
      section: 'scaling',
      title: 'Scaling the width (Fig. 1 layout)',
      caption: `IQM final ${scoreLabel} against the width multiplier, dense against pruned (one series per sweep variant), with ${formatPercent(bootstrap.confidence)} stratified-bootstrap intervals over tasks and seeds (error bars; none for a point with one run on some task).`,
      spec: intervalScalingSpec(groupIqm(groups, 'width-scaling'), { xTitle: 'Width multiplier', yTitle: `IQM ${scoreLabel}`, xLabels: Object.fromEntries(widths.map((w) => [String(w), `×${w}`])) }),
    });
  }

  if (sparsities.length >= 2) {
    // (agent, sparsity) pairs that several variants reach.
    const variantsAt = new Map<string, Set<string>>();
    for (const run of scoredRuns) {
      const variant = factor(run, 'variant');
      if (variant === undefined) continue;
      const key = JSON.stringify([String(factor(run, 'agent') ?? ''), factor(run, 'sparsity') ?? 0]);
      variantsAt.set(key, (variantsAt.get(key) ?? new Set()).add(String(variant)));
    }
    const sharedSparsity = new Set([...variantsAt].filter(([, variants]) => variants.size > 1).map(([key]) => key));
    const groups = new Map<string, { key: Omit<IntervalPoint, keyof IntervalEstimate>; runs: RunData[] }>();
    for (const run of scoredRuns) {
      const sparsity = factor(run, 'sparsity') ?? (factor(run, 'width') !== undefined ? 0 : undefined);
      if (typeof sparsity !== 'number') continue;
      const agent = String(factor(run, 'agent') ?? '');
      const width = factor(run, 'width');
      const base = width === undefined ? 'all' : `width ×${width}`;
      // Variants that share a sparsity (two schedules to 95%) get series of their own, never pooled.
      const variant = factor(run, 'variant');
      const series = variant !== undefined && sharedSparsity.has(JSON.stringify([agent, sparsity])) ? `${base} · ${String(variant)}` : base;
      const id = JSON.stringify([agent, width ?? null, series, sparsity]);
      if (!groups.has(id)) groups.set(id, { key: { ...(agents.length > 1 || agent ? { panel: agent } : {}), series, x: sparsity }, runs: [] });
      groups.get(id)!.runs.push(run);
    }
    figures.push({
      id: 'sparsity-sweep',
      section: 'scaling',
      title: 'Aggregate against sparsity (Figs. 3 and 15 layout)',
      caption: `IQM final ${scoreLabel} at each final sparsity level (0% = dense), one line per width, with ${formatPercent(bootstrap.confidence)} stratified-bootstrap intervals.`,
      spec: intervalScalingSpec(groupIqm(groups, 'sparsity-sweep'), {
        xTitle: 'Final sparsity',
        yTitle: `IQM ${scoreLabel}`,
        xType: 'ordinal',
        xLabels: Object.fromEntries(sparsities.map((s) => [String(s), formatPercent(s)])),
      }),
    });
  }
  return figures;
}

/** Fig. 2: each method's measured sparsity over training (mean over its runs). */
function sparsityFigure(runs: readonly RunData[], stepUnit: string): ReportFigure | undefined {
  const name = runs.some((r) => r.metrics.some((m) => m.name === RUN_METRICS.sparsity)) ? RUN_METRICS.sparsity : DIAGNOSTIC_METRICS.sparsity;
  const series = unique(runs.map((r) => r.meta.method)).flatMap((method) => {
    const points = meanOverRuns(runs.filter((r) => r.meta.method === method).map((r) => scalarSeries(r.metrics, name)));
    return points.length > 0 ? [{ label: method, points: points.map((p) => ({ step: p.step, sparsity: p.mean })) }] : [];
  });
  if (series.length === 0 || series.every((s) => s.points.every((p) => p.sparsity === 0))) return undefined;
  return {
    id: 'sparsity-schedule',
    section: 'sparsity',
    title: 'Sparsity over training (Fig. 2 layout)',
    caption: `Measured fraction of pruned weights (metric "${name}", mean over runs) as the schedule raises it to its final target.`,
    spec: sparsityScheduleSpec(series, { xTitle: stepUnit }),
  };
}

/** Fig. 11: returns and diagnostics over training, one row per task, mean over seeds with bands. */
function diagnosticsFigure(runs: readonly RunData[], scoreMetric: string, stepUnit: string, bootstrap: Bootstrap): ReportFigure | undefined {
  const present = DIAGNOSTIC_COLUMNS.filter((c) => runs.some((r) => r.metrics.some((m) => m.name === c.metric)));
  if (present.length === 0) return undefined;
  const columns = [{ metric: scoreMetric, title: 'Returns' }, ...present];
  const points: DiagnosticPoint[] = [];
  const rng = bootstrap.rng.split('diagnostics');
  const tasks = unique(runs.filter((r) => present.some((c) => r.metrics.some((m) => m.name === c.metric))).map((r) => r.meta.task));
  for (const task of tasks) {
    for (const method of unique(runs.map((r) => r.meta.method))) {
      const group = runs.filter((r) => r.meta.task === task && r.meta.method === method);
      if (group.length === 0) continue;
      for (const column of columns) {
        const scale = 'scale' in column && column.scale !== undefined ? column.scale : 1;
        const stream = rng.split(streamName(`${task}\u0000${method}\u0000${column.metric}`));
        for (const p of meanOverRuns(group.map((r) => scalarSeries(r.metrics, column.metric)), true)) {
          const e = meanInterval(p.values.map((v) => v * scale), bootstrap.reps, bootstrap.confidence, stream.split(p.step));
          points.push({ task, metric: column.title, series: method, step: p.step, ...e });
        }
      }
    }
  }
  return {
    id: 'diagnostics',
    section: 'diagnostics',
    title: 'Network diagnostics over training (Fig. 11 layout)',
    caption: `Per task (rows): returns, variance of the Q estimates over the probe batch, global parameter L2 norm, mean Q-value norm, SRank of the penultimate features (δ = 0.01) and the percentage of τ-dormant neurons; mean over seeds with ${formatPercent(bootstrap.confidence)} bootstrap bands.`,
    spec: diagnosticsGridSpec(points, { xTitle: stepUnit, metrics: columns.map((c) => c.title) }),
  };
}

/** Fig. 14: the last gradient-covariance matrix of the first run of each method that logged one. */
function covarianceFigure(runs: readonly RunData[]): ReportFigure | undefined {
  const matrices: CovarianceMatrix[] = [];
  for (const method of unique(runs.map((r) => r.meta.method))) {
    for (const run of runs.filter((r) => r.meta.method === method)) {
      const records = run.metrics.filter((m) => m.name === DIAGNOSTIC_METRICS.gradientCovariance && Array.isArray(m.value));
      const last = records.sort((a, b) => a.step - b.step)[records.length - 1];
      if (!last) continue;
      const values = last.value as readonly number[];
      const k = Number(last.tags?.k ?? Math.round(Math.sqrt(values.length)));
      if (k * k !== values.length) continue;
      matrices.push({ label: `${method} · ${run.meta.task} · seed ${run.meta.seed}`, k, matrix: values });
      break;
    }
  }
  if (matrices.length === 0) return undefined;
  return {
    id: 'gradient-covariance',
    section: 'diagnostics',
    title: 'Gradient covariance (Fig. 14 layout)',
    caption: 'Cosine similarity of per-sample TD-loss gradients for k transitions (last probe of one run per method). Paler maps mean less gradient interference; blue = aligned, red = opposed.',
    spec: gradientCovarianceSpec(matrices.slice(0, 8)),
  };
}

/** A run's scalar records of one metric, by step. */
function scalarSeries(metrics: readonly MetricRecord[], name: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of metrics) if (m.name === name && typeof m.value === 'number') out.set(m.step, m.value);
  return out;
}

/**
 * The k-th record of every series (the runs' k-th iteration or diagnostics probe), at their mean
 * step, with the values there: runs share iterations, not steps (an iteration ends at an episode's
 * end). A series with fewer records does not count past its end.
 */
function meanOverRuns(series: readonly Map<number, number>[], keepValues = false): { step: number; mean: number; values: number[] }[] {
  const sorted = series.filter((s) => s.size > 0).map((s) => [...s].sort((a, b) => a[0] - b[0]));
  const longest = Math.max(0, ...sorted.map((s) => s.length));
  return Array.from({ length: longest }, (_, k) => {
    const present = sorted.filter((s) => k < s.length).map((s) => s[k]!);
    const values = present.map(([, value]) => value);
    return { step: mean(present.map(([step]) => step)), mean: mean(values), values: keepValues ? values : [] };
  });
}

function compareFactors(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x ?? '') < String(y ?? '') ? -1 : 1;
  }
  return 0;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

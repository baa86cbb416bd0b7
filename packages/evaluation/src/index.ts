/**
 * @prunerl/evaluation: rliable-grade aggregate statistics (IQM, median, mean, optimality gap with
 * stratified bootstrap confidence intervals, probability of improvement, performance profiles,
 * sample-efficiency curves), score normalisation (Atari human-normalised, MinAtar, user tables), the
 * paper's network diagnostics (dormant neurons, SRank, norms, Q statistics, sparsity, gradient
 * covariance) with a periodic probe hook, vega-lite plots rendered to SVG, and a self-contained HTML
 * report. File I/O lives in `@prunerl/evaluation/node`.
 */
export { judgeClaims } from './claims/judge-claims';
export type { JudgeClaimsOptions } from './claims/judge-claims';
export type { Claim, ClaimInterval, ClaimMetric, ClaimVerdict, ClaimVerdictKind } from './claims/claim';
export { batchObservations } from './diagnostics/batch-observations';
export { DIAGNOSTIC_METRICS } from './diagnostics/diagnostic-metric-names';
export { DiagnosticsProbe } from './diagnostics/diagnostics-probe';
export type { DiagnosticsProbeOptions } from './diagnostics/diagnostics-probe';
export { dormantFromScores, dormantNeurons, neuronScores } from './diagnostics/dormant-neurons';
export type { DormantLayer, DormantNeuronOptions, DormantReport } from './diagnostics/dormant-neurons';
export { featureSrank, srankOfFeatures } from './diagnostics/feature-srank';
export type { FeatureSrankOptions, SrankResult } from './diagnostics/feature-srank';
export { gradientCovariance, tdGradientCovariance, tdTargets } from './diagnostics/gradient-covariance';
export type { GradientCovariance, GradientCovarianceOptions, TdSamples } from './diagnostics/gradient-covariance';
export { diagnosticsRecords, networkDiagnostics } from './diagnostics/network-diagnostics';
export type { DiagnosticsRecordOptions, NetworkDiagnostics, NetworkDiagnosticsOptions } from './diagnostics/network-diagnostics';
export { parameterNorms } from './diagnostics/parameter-norm';
export type { ParameterNorms } from './diagnostics/parameter-norm';
export { parameterSparsity } from './diagnostics/parameter-sparsity';
export type { ParameterSparsity, ParameterSparsityEntry } from './diagnostics/parameter-sparsity';
export { qValueStatistics, qValueStatisticsOf } from './diagnostics/q-value-statistics';
export type { QValueStatistics } from './diagnostics/q-value-statistics';
export { QUANTILE_PROBE_TAUS, qValues } from './diagnostics/q-values';
export { singularValues, srank } from './diagnostics/srank';
export { symmetricEigenvalues } from './diagnostics/symmetric-eigenvalues';

export { atariGameKey, atariNormalizer, ATARI_HUMAN_RANDOM_SCORES } from './normalization/atari-scores';
export { minatarGameKey, minatarNormalizer, MINATAR_RANDOM_DQN_SCORES } from './normalization/minatar-scores';
export { createNormalizer, normalizeScore } from './normalization/normalization-table';
export type { NormalizationTable, Normalizer, NormalizerOptions, ScoreAnchors } from './normalization/normalization-table';

export { aggregateIntervalsSpec } from './plots/aggregate-intervals-spec';
export type { AggregateIntervalsOptions } from './plots/aggregate-intervals-spec';
export { diagnosticsGridSpec } from './plots/diagnostics-grid-spec';
export type { DiagnosticPoint, DiagnosticsGridOptions } from './plots/diagnostics-grid-spec';
export { gradientCovarianceSpec } from './plots/gradient-covariance-spec';
export type { CovarianceMatrix } from './plots/gradient-covariance-spec';
export { intervalScalingSpec } from './plots/interval-plot-spec';
export type { IntervalPoint, IntervalScalingOptions } from './plots/interval-plot-spec';
export { learningCurvesSpec } from './plots/learning-curves-spec';
export type { CurvePlotOptions, CurveSeries } from './plots/learning-curves-spec';
export { performanceProfileSpec } from './plots/performance-profile-spec';
export type { PerformanceProfileOptions as PerformanceProfilePlotOptions } from './plots/performance-profile-spec';
export { COLORBLIND_PALETTE, PLOT_CONFIG, seriesColorScale } from './plots/plot-theme';
export { probabilityOfImprovementSpec } from './plots/probability-of-improvement-spec';
export type { ProbabilityOfImprovementPlotOptions } from './plots/probability-of-improvement-spec';
export { renderSvg } from './plots/render-svg';
export type { RenderOptions } from './plots/render-svg';
export { sparsityScheduleSpec } from './plots/sparsity-schedule-spec';
export type { SparsitySeries } from './plots/sparsity-schedule-spec';
export { estimateTextWidth, withTextMetrics } from './plots/text-metrics';

export { registerEvaluationHooks } from './registry/register-evaluation-hooks';

export { escapeHtml } from './report/html';
export { renderFigures, renderReport, renderReportModel, reportHtml } from './report/render-report';
export { buildReportModel } from './report/report-model';
export { reportMarkdown } from './report/report-markdown';
export type { ReportFigure, ReportModel } from './report/report-model';
export { RUN_METRICS } from './report/report-options';
export type { ReportOptions } from './report/report-options';
export { checkMetricRecord, checkRunMeta, parseMetricsJsonl } from './report/run-data';
export type { RunData, RunMeta } from './report/run-data';

export { checkScoreRecord } from './scores/score-record';
export type { ScoreRecord } from './scores/score-record';
export { ScoreTable } from './scores/score-table';
export type { FinalScoreOptions, ScoresOverSteps } from './scores/score-table';
export { checkScoresByTask, fromRunsByTasks, pooledScores } from './scores/scores-by-task';
export type { ScoresByTask } from './scores/scores-by-task';

export { AGGREGATE_METRICS, AGGREGATE_METRIC_TITLES, aggregateEstimates, aggregateStatistic } from './statistics/aggregate-estimates';
export type { AggregateEstimates, AggregateEstimatesOptions, AggregateMetric } from './statistics/aggregate-estimates';
export { aggregateIqm } from './statistics/aggregate-iqm';
export { aggregateMean } from './statistics/aggregate-mean';
export { aggregateMedian } from './statistics/aggregate-median';
export { aggregateOptimalityGap } from './statistics/aggregate-optimality-gap';
export { resolveBootstrapOptions } from './statistics/bootstrap-options';
export type { BootstrapOptions, ResolvedBootstrapOptions } from './statistics/bootstrap-options';
export type { IntervalEstimate } from './statistics/interval-estimate';
export { intervalEstimates } from './statistics/interval-estimates';
export { percentile, percentileOfSorted } from './statistics/percentile';
export { linspace, performanceProfile, performanceProfiles } from './statistics/performance-profile';
export type { PerformanceProfile, PerformanceProfileOptions } from './statistics/performance-profile';
export { probabilityOfImprovement, taskProbabilityOfImprovement } from './statistics/probability-of-improvement';
export { probabilityOfImprovementEstimates } from './statistics/probability-of-improvement-estimates';
export type { ProbabilityOfImprovementEstimate } from './statistics/probability-of-improvement-estimates';
export { sampleEfficiencyCurves } from './statistics/sample-efficiency-curve';
export type { CurvePoint } from './statistics/sample-efficiency-curve';
export { stratifiedBootstrap } from './statistics/stratified-bootstrap';
export type { BootstrapResult, ScoreStatistic } from './statistics/stratified-bootstrap';
export { taskMeans } from './statistics/task-means';
export { trimMean } from './statistics/trim-mean';

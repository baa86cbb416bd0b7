import type { MetricRecord, QNetwork } from '@prunerl/core';
import { checkNumber, ConfigError } from '@prunerl/core';
import type * as tf from '@tensorflow/tfjs-core';
import { DIAGNOSTIC_METRICS } from './diagnostic-metric-names';
import { dormantFromScores, neuronScores, type DormantReport } from './dormant-neurons';
import { srankOfFeatures, type SrankResult } from './feature-srank';
import type { GradientCovariance } from './gradient-covariance';
import { parameterNorms, type ParameterNorms } from './parameter-norm';
import { parameterSparsity, type ParameterSparsity } from './parameter-sparsity';
import { qValueStatistics, type QValueStatistics } from './q-value-statistics';

/** Options of {@link networkDiagnostics}. */
export interface NetworkDiagnosticsOptions {
  /** Dormant-neuron thresholds tau. Default `[0.1, 0]`. */
  readonly dormantThresholds?: readonly number[];
  /** SRank delta. Default 0.01. */
  readonly srankDelta?: number;
  /** Layer whose output is the feature matrix for SRank. Default the last activation layer. */
  readonly srankLayer?: string;
}

/** Every Fig. 11 diagnostic of a network on one batch. */
export interface NetworkDiagnostics {
  readonly dormant: readonly DormantReport[];
  readonly srank: SrankResult;
  readonly parameterNorm: ParameterNorms;
  readonly qValues: QValueStatistics;
  readonly sparsity: ParameterSparsity;
}

/**
 * The paper's network diagnostics (PAPER.md 4.4-4.8) of `network` on a batch of observations, with
 * one forward pass for the activations: dormant fractions at each tau, SRank of the penultimate
 * features, parameter L2 norm, Q-value norm and variances, measured sparsity.
 */
export function networkDiagnostics(network: QNetwork, observations: tf.Tensor, options: NetworkDiagnosticsOptions = {}): NetworkDiagnostics {
  const thresholds = options.dormantThresholds ?? [0.1, 0];
  thresholds.forEach((tau, i) => checkNumber(`networkDiagnostics options.dormantThresholds[${i}]`, tau, { min: 0 }));
  const activations = network.activations(observations, { noise: false });
  let dormant: DormantReport[];
  let srank: SrankResult;
  try {
    const names = [...activations.keys()];
    const scores = names.map((layer) => ({ layer, scores: neuronScores(activations.get(layer)!) }));
    dormant = thresholds.map((tau) => dormantFromScores(scores, tau));
    const layer = options.srankLayer ?? names[names.length - 1];
    const features = layer === undefined ? undefined : activations.get(layer);
    if (features === undefined) {
      throw new ConfigError({ field: 'networkDiagnostics options.srankLayer', value: layer, expected: `an activation layer (${names.join(', ') || 'the network reports none'})` });
    }
    srank = srankOfFeatures(features, options.srankDelta ?? 0.01, layer!);
  } finally {
    for (const t of activations.values()) t.dispose();
  }
  const parameters = network.parameters();
  return {
    dormant,
    srank,
    parameterNorm: parameterNorms(parameters),
    qValues: qValueStatistics(network, observations),
    sparsity: parameterSparsity(parameters),
  };
}

/** Options of {@link diagnosticsRecords}. */
export interface DiagnosticsRecordOptions {
  readonly step: number;
  readonly tags?: Readonly<Record<string, string | number>>;
  /** Also write per-layer dormant fractions and per-parameter sparsities. Default true. */
  readonly perLayer?: boolean;
}

/**
 * {@link NetworkDiagnostics} (and optionally a gradient covariance) as metric records, named by
 * {@link DIAGNOSTIC_METRICS}.
 */
export function diagnosticsRecords(diagnostics: NetworkDiagnostics, options: DiagnosticsRecordOptions, covariance?: GradientCovariance): MetricRecord[] {
  const { step, tags, perLayer = true } = options;
  const records: MetricRecord[] = [];
  const add = (name: string, value: number | readonly number[], extra?: Record<string, string | number>): void => {
    const allTags = { ...tags, ...extra };
    records.push(Object.keys(allTags).length > 0 ? { step, name, value, tags: allTags } : { step, name, value });
  };
  for (const report of diagnostics.dormant) {
    add(DIAGNOSTIC_METRICS.dormant(report.tau), report.fraction);
    if (perLayer) for (const layer of report.layers) add(`${DIAGNOSTIC_METRICS.dormant(report.tau)}/${layer.layer}`, layer.fraction);
  }
  add(DIAGNOSTIC_METRICS.srank, diagnostics.srank.srank);
  add(DIAGNOSTIC_METRICS.parameterNorm, diagnostics.parameterNorm.norm);
  add(DIAGNOSTIC_METRICS.qNorm, diagnostics.qValues.qNorm);
  add(DIAGNOSTIC_METRICS.qVariance, diagnostics.qValues.qVariance);
  add(DIAGNOSTIC_METRICS.qVarianceAcrossActions, diagnostics.qValues.qVarianceAcrossActions);
  add(DIAGNOSTIC_METRICS.qMean, diagnostics.qValues.qMean);
  add(DIAGNOSTIC_METRICS.sparsity, diagnostics.sparsity.prunable);
  add(DIAGNOSTIC_METRICS.totalSparsity, diagnostics.sparsity.total);
  if (perLayer) for (const p of diagnostics.sparsity.parameters) if (p.prunable) add(`${DIAGNOSTIC_METRICS.sparsity}/${p.name}`, p.sparsity);
  if (covariance) {
    add(DIAGNOSTIC_METRICS.gradientCovariance, Array.from(covariance.matrix), { k: covariance.k });
    add(DIAGNOSTIC_METRICS.gradientCovarianceMeanAbs, covariance.meanAbsOffDiagonal);
  }
  return records;
}

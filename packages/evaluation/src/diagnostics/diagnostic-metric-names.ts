/**
 * Metric names the diagnostics probe writes and the report reads (one place, so writer and reader
 * agree). Per-layer variants append `/<layer or parameter name>`.
 */
export const DIAGNOSTIC_METRICS = Object.freeze({
  /** Fraction of tau-dormant neurons over all hidden layers, e.g. `diagnostics/dormant_fraction/tau=0.1`. */
  dormant: (tau: number): string => `diagnostics/dormant_fraction/tau=${tau}`,
  srank: 'diagnostics/srank',
  parameterNorm: 'diagnostics/parameter_norm',
  qNorm: 'diagnostics/q_norm',
  qVariance: 'diagnostics/q_variance',
  qVarianceAcrossActions: 'diagnostics/q_variance_across_actions',
  qMean: 'diagnostics/q_mean',
  /** Measured sparsity over prunable (rank > 1) tensors. */
  sparsity: 'diagnostics/sparsity',
  /** Measured sparsity over all parameters, biases included. */
  totalSparsity: 'diagnostics/sparsity_total',
  /** A histogram record: the k x k matrix, row-major, with tag `k`. */
  gradientCovariance: 'diagnostics/gradient_covariance',
  gradientCovarianceMeanAbs: 'diagnostics/gradient_covariance_mean_abs',
});

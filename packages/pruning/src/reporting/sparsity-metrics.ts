import type { MetricRecord, SparsityReport } from '@prunerl/core';

/**
 * A {@link SparsityReport} as flat scalar metrics, the form `UpdateHook.metrics()` returns and
 * metric sinks log: `<prefix>/sparsity` (measured over prunable weights), `<prefix>/target`,
 * `<prefix>/total_sparsity` (all parameters), `<prefix>/nonzero`, `<prefix>/size`, and per tensor
 * `<prefix>/layer/<name>/sparsity`, `.../nonzero` and `.../target`.
 */
export function sparsityMetrics(report: SparsityReport, prefix = 'pruning'): Record<string, number> {
  const metrics: Record<string, number> = {
    [`${prefix}/sparsity`]: report.overall,
    [`${prefix}/target`]: report.target,
    [`${prefix}/total_sparsity`]: report.total,
    [`${prefix}/nonzero`]: report.nonzero,
    [`${prefix}/size`]: report.size,
  };
  for (const layer of report.layers) {
    metrics[`${prefix}/layer/${layer.name}/sparsity`] = layer.sparsity;
    metrics[`${prefix}/layer/${layer.name}/nonzero`] = layer.nonzero;
    metrics[`${prefix}/layer/${layer.name}/target`] = layer.target;
  }
  return metrics;
}

/**
 * The same metrics as {@link MetricRecord}s at `step`, ready for `MetricSink.write`.
 *
 * @example
 * ```ts
 * for (const record of sparsityRecords(pruner.sparsity(), step)) sink.write(record);
 * ```
 */
export function sparsityRecords(report: SparsityReport, step: number, options: { prefix?: string; tags?: Record<string, string | number> } = {}): MetricRecord[] {
  return Object.entries(sparsityMetrics(report, options.prefix)).map(([name, value]) => ({
    step,
    name,
    value,
    ...(options.tags ? { tags: options.tags } : {}),
  }));
}

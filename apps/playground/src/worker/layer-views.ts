import type { NamedTensorRecords, Pruner } from '@prunerl/core';
import type { LayerView } from '../protocol';
import { maskDensity } from './mask-density';

/** Every masked layer of a training pruner: its measured sparsity, target and mask heat-map. */
export function prunerLayerViews(pruner: Pruner): { overall: number; target: number; layers: LayerView[] } {
  const report = pruner.sparsity();
  const masks = pruner.masks();
  const layers = report.layers.flatMap((layer) => {
    const mask = masks.get(layer.name);
    if (!mask) return [];
    return [{ name: layer.name, size: layer.size, sparsity: layer.sparsity, target: layer.target, ...maskDensity(mask.dataSync(), mask.shape) }];
  });
  return { overall: report.overall, target: report.target, layers };
}

/** The masked layers of a policy file (sparsity measured on the masks; the target is unknown: the measured value). */
export function recordLayerViews(masks: NamedTensorRecords): { overall: number; layers: LayerView[] } {
  let kept = 0;
  let total = 0;
  const layers = Object.entries(masks).map(([name, record]) => {
    let ones = 0;
    for (const v of record.values) if (v !== 0) ones += 1;
    kept += ones;
    total += record.values.length;
    const sparsity = 1 - ones / record.values.length;
    return { name, size: record.values.length, sparsity, target: sparsity, ...maskDensity(record.values, record.shape) };
  });
  return { overall: total === 0 ? 0 : 1 - kept / total, layers };
}

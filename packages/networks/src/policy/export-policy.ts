import type { NamedTensorRecords } from '@prunerl/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { TorsoHeadNetwork } from '../network/torso-head-network';
import { encodePolicy, type PolicySpec } from './policy-codec';

/** Options of {@link exportPolicy}: the masks, and what else the file should say (see {@link PolicySpec}). */
export interface ExportPolicyOptions {
  /** The pruner's masks (`Pruner.masks()`, or records as a checkpoint holds them); none for a dense network. */
  readonly masks?: ReadonlyMap<string, Tensor> | NamedTensorRecords;
  readonly environment?: PolicySpec['environment'];
  readonly agent?: string;
  readonly info?: PolicySpec['info'];
}

/** Masks as `bool` records (a pruner's mask tensors are read once here). */
function maskRecords(masks: ExportPolicyOptions['masks']): NamedTensorRecords {
  if (masks === undefined) return {};
  if (!(masks instanceof Map)) return masks as NamedTensorRecords;
  const records: NamedTensorRecords = {};
  for (const [name, tensor] of masks) {
    records[name] = { shape: [...tensor.shape], dtype: 'bool', values: Uint8Array.from(tensor.dataSync() as ArrayLike<number>, (v) => (v !== 0 ? 1 : 0)) };
  }
  return records;
}

/**
 * A network's policy as bytes (see `encodePolicy`): its architecture and task shapes, its weights
 * and its masks, with the environment and agent it came from, so `loadPolicy` can rebuild it in
 * Node or a browser and play it. Called on an agent's online network at the end of training (the
 * playground's "save", `prunerl export <run-dir>`).
 *
 * @example
 * ```ts
 * const bytes = exportPolicy(agent.online, { masks: pruner.masks(), environment: { id: 'MinAtar/Breakout-v1', options: {} }, agent: 'dqn' });
 * const { network, spec } = loadPolicy(bytes);
 * ```
 */
export function exportPolicy(network: TorsoHeadNetwork, options: ExportPolicyOptions = {}): Uint8Array {
  const spec: PolicySpec = {
    architecture: network.architecture,
    observationShape: [...network.observationShape],
    numActions: network.numActions,
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.agent ? { agent: options.agent } : {}),
    ...(options.info ? { info: options.info } : {}),
  };
  return encodePolicy({ spec, weights: network.getWeights(), masks: maskRecords(options.masks) });
}

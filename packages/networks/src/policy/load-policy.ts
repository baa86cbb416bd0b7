import { checkOneOf, ConfigError, StateError, type NamedTensorRecords } from '@prunerl/core';
import { HEAD_NAMES } from '../heads/head';
import { TorsoHeadNetwork } from '../network/torso-head-network';
import { TORSO_NAMES } from '../torsos/torso-registry';
import { decodePolicy, type PolicySpec } from './policy-codec';

/** A policy rebuilt by {@link loadPolicy}. */
export interface LoadedPolicy {
  readonly spec: PolicySpec;
  /** The network with the file's weights (pruned weights are zero). Dispose it when done. */
  readonly network: TorsoHeadNetwork;
  /** The file's masks by parameter name (`bool` records; empty for a dense network). */
  readonly masks: NamedTensorRecords;
}

/** Options of {@link loadPolicy}. */
export interface LoadPolicyOptions {
  /** Prefix of the network's tfjs variable names (default `policy`; made unique if taken). */
  readonly scope?: string;
}

/**
 * Rebuilds the network of a policy file (`exportPolicy`, `prunerl export`) with its weights, each
 * masked weight set to zero (as the pruner kept it). A file that is not a policy, names an unknown
 * torso or head, or whose weights do not fit its architecture throws a `StateError` (a
 * `ShapeError` for a shape), with nothing left allocated.
 */
export function loadPolicy(bytes: Uint8Array, options: LoadPolicyOptions = {}): LoadedPolicy {
  const { spec, weights, masks } = decodePolicy(bytes);
  try {
    checkOneOf('policy spec architecture.torso', spec.architecture.torso, TORSO_NAMES);
    checkOneOf('policy spec architecture.head', spec.architecture.head, HEAD_NAMES);
  } catch (cause) {
    if (!(cause instanceof ConfigError)) throw cause;
    throw new StateError({ field: cause.field, value: cause.value, expected: `${cause.expected} (the file comes from a newer prunerl or a plugin)` }, { cause });
  }
  const network = new TorsoHeadNetwork(spec.architecture, { observationShape: spec.observationShape, numActions: spec.numActions, seed: 0, scope: options.scope ?? 'policy' });
  try {
    network.setWeights(maskedWeights(weights, masks));
  } catch (error) {
    network.dispose();
    throw error;
  }
  return { spec, network, masks };
}

/** The weights with every masked-out value zeroed (a file's weights already are, from a pruner). */
function maskedWeights(weights: NamedTensorRecords, masks: NamedTensorRecords): NamedTensorRecords {
  const out: NamedTensorRecords = { ...weights };
  for (const [name, mask] of Object.entries(masks)) {
    const record = weights[name];
    if (!record || record.values.length !== mask.values.length) {
      throw new StateError({ field: `policy masks.${name}`, value: mask.shape, expected: 'a mask of the shape of a parameter among the weights' });
    }
    out[name] = { ...record, values: (record.values as Float32Array).map((v, i) => (mask.values[i] ? v : 0)) };
  }
  return out;
}

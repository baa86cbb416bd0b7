import { StateError, type NamedTensorRecords } from '@prunerl/core';
import type { Architecture } from '../network/architecture';
import { decodeWeights, encodeWeights } from '../weights/weight-codec';

/** `meta.format` of a policy file (a weights file that says what it is). */
export const POLICY_FORMAT = 'prunerl-policy';
/** Version of {@link PolicySpec}'s layout in a policy file; bump it when it changes. */
export const POLICY_FORMAT_VERSION = 1;

/** Where a masked parameter's mask is stored in the file: beside its weights, under this prefix. */
const MASK_PREFIX = 'mask:';

/**
 * What a policy file says about its network, so it can be rebuilt and played anywhere (Node, a
 * browser): the resolved architecture and the task's shapes, and, to set the task up again, the
 * environment it was trained on and the agent that trained it.
 */
export interface PolicySpec {
  readonly architecture: Architecture;
  readonly observationShape: readonly number[];
  readonly numActions: number;
  /** The environment's registry id and `make` options (e.g. `MinAtar/Breakout-v1`). */
  readonly environment?: { readonly id: string; readonly options: Readonly<Record<string, unknown>> };
  /** The agent's registry name (`dqn`, `rainbow`). */
  readonly agent?: string;
  /** Provenance, free-form JSON: the method, seed, steps trained, sparsity reached. */
  readonly info?: Readonly<Record<string, unknown>>;
}

/** A policy: its spec, the online network's weights and the pruner's masks (none when dense). */
export interface PolicyRecord {
  readonly spec: PolicySpec;
  readonly weights: NamedTensorRecords;
  /** 0/1 masks by parameter name, `bool` records of the parameter's shape. */
  readonly masks: NamedTensorRecords;
}

/**
 * Encodes a policy as bytes (browser-safe): a weights file (`encodeWeights`, "PRLW") whose tensors
 * are the weights and, under `mask:<name>`, the masks as one byte per weight, and whose metadata is
 * `{ format: "prunerl-policy", version, spec }`. A trained MinAtar network (x1) is about 0.7 MB dense;
 * pruned weights and masks are stored sparsely (see `encodeWeights`): at 95% sparsity about 60 KB.
 * Masks must name parameters among the weights, with their shapes (a `StateError` otherwise).
 */
export function encodePolicy(policy: PolicyRecord): Uint8Array {
  const tensors: NamedTensorRecords = { ...policy.weights };
  for (const [name, mask] of Object.entries(policy.masks)) {
    const weights = policy.weights[name];
    if (!weights || weights.shape.join(',') !== mask.shape.join(',')) {
      throw new StateError({ field: `masks.${name}`, value: mask.shape, expected: weights ? `the shape of its weights [${weights.shape.join(', ')}]` : 'the name of a parameter among the weights' });
    }
    tensors[`${MASK_PREFIX}${name}`] = { shape: mask.shape, dtype: 'bool', values: Uint8Array.from(mask.values, (v) => (v !== 0 ? 1 : 0)) };
  }
  return encodeWeights(tensors, { format: POLICY_FORMAT, version: POLICY_FORMAT_VERSION, spec: policy.spec });
}

/**
 * Decodes {@link encodePolicy}'s bytes. Bytes that are not a policy (another file, a weights file
 * without a spec, another version) throw a `StateError` saying what was expected.
 */
export function decodePolicy(bytes: Uint8Array): PolicyRecord {
  const { records, meta } = decodeWeights(bytes);
  if (meta.format !== POLICY_FORMAT) {
    throw new StateError({ field: 'policy', value: meta.format ?? 'a weights file without a policy spec', expected: `a "${POLICY_FORMAT}" file (written by exportPolicy or \`prunerl export\`)` });
  }
  if (meta.version !== POLICY_FORMAT_VERSION) {
    throw new StateError({ field: 'policy version', value: meta.version, expected: `version ${POLICY_FORMAT_VERSION}` });
  }
  const spec = meta.spec as PolicySpec | undefined;
  if (!spec || typeof spec !== 'object' || !spec.architecture || !Array.isArray(spec.observationShape) || !Number.isInteger(spec.numActions)) {
    throw new StateError({ field: 'policy spec', value: spec, expected: '{ architecture, observationShape, numActions, ... }' });
  }
  const weights: NamedTensorRecords = {};
  const masks: NamedTensorRecords = {};
  for (const [name, record] of Object.entries(records)) {
    if (name.startsWith(MASK_PREFIX)) masks[name.slice(MASK_PREFIX.length)] = record;
    else weights[name] = record;
  }
  return { spec, weights, masks };
}

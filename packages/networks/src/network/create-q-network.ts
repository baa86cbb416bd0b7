import { checkNumber, checkPositiveInteger, checkShape, ConfigError } from '@prunerl/core';
import { resolveArchitecture, type ArchitectureOptions } from './architecture';
import { TorsoHeadNetwork } from './torso-head-network';

/** Options of {@link createQNetwork}: an architecture and the task it is built for. */
export interface CreateQNetworkOptions extends ArchitectureOptions {
  /** One observation's shape: `[height, width, channels]` for the CNN torsos, any shape for `mlp`. */
  readonly observationShape: readonly number[];
  readonly numActions: number;
  /** Seed of the initialisation (and NoisyNet) streams: an integer in [0, 2^53). */
  readonly seed: number;
  /** Prefix of the tfjs variable names (e.g. `online`, `target`). Default `q-network`. */
  readonly scope?: string;
}

const SPEC_KEYS = ['observationShape', 'numActions', 'seed', 'scope'];

/**
 * Builds a Q-network from a torso, a head and their options. Any torso combines with any head.
 * Invalid options (unknown torso or head, a non-positive width, an option the torso or head does not
 * take, an observation shape the torso cannot take) throw a `ConfigError` naming the field.
 *
 * @example
 * ```ts
 * const net = createQNetwork({ torso: 'impala', head: 'q', width: 3, observationShape: [84, 84, 4], numActions: 18, seed: 0 });
 * const q = net.apply(tf.zeros([1, 84, 84, 4]));   // [1, 18]
 * console.log(net.countParameters());
 * ```
 */
export function createQNetwork(options: CreateQNetworkOptions): TorsoHeadNetwork {
  const record = options as unknown as Record<string, unknown>;
  const architecture = resolveArchitecture(record, SPEC_KEYS);
  const observationShape = checkShape('observationShape', options.observationShape);
  const numActions = checkPositiveInteger('numActions', options.numActions);
  const seed = checkNumber('seed', options.seed, { min: 0, integer: true, max: Number.MAX_SAFE_INTEGER });
  if (options.scope !== undefined && (typeof options.scope !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(options.scope))) {
    throw new ConfigError({ field: 'scope', value: options.scope, expected: 'a name of letters, digits, "_", "." or "-"' });
  }
  return new TorsoHeadNetwork(architecture, { observationShape, numActions, seed, ...(options.scope !== undefined ? { scope: options.scope } : {}) });
}

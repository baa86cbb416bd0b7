import type { HeadDescription, NetworkFactory, NetworkSpec } from '@prunerl/core';
import { describeHead, resolveArchitecture, type Architecture, type ArchitectureOptions } from './architecture';
import { createQNetwork } from './create-q-network';
import type { TorsoHeadNetwork } from './torso-head-network';

/**
 * A `NetworkFactory` for one architecture: the options are validated once, here; `create` builds
 * a network of that architecture for a task (observation shape, actions, seed, scope). Agents use it
 * to make their online and target networks.
 *
 * @example
 * ```ts
 * const factory = new QNetworkFactory({ torso: 'nature-cnn', head: 'c51', numAtoms: 51, vMax: 10 });
 * factory.head.support;                         // Float32Array(51) from -10 to 10
 * const online = factory.create({ observationShape: [84, 84, 4], numActions: 6, seed: 1, scope: 'online' });
 * const target = factory.create({ observationShape: [84, 84, 4], numActions: 6, seed: 1, scope: 'target' });
 * ```
 */
export class QNetworkFactory implements NetworkFactory {
  readonly architecture: Architecture;
  readonly head: HeadDescription;

  constructor(private readonly options: ArchitectureOptions) {
    this.architecture = resolveArchitecture(options as unknown as Record<string, unknown>);
    this.head = describeHead(this.architecture);
  }

  create(spec: NetworkSpec): TorsoHeadNetwork {
    return createQNetwork({ ...this.options, observationShape: spec.observationShape, numActions: spec.numActions, seed: spec.seed, ...(spec.scope !== undefined ? { scope: spec.scope } : {}) });
  }
}

import type { HeadDescription, NetworkFactory, NetworkSpec } from '@prunerl/core';
import type { TorsoHeadNetwork } from '../network/torso-head-network';
import { SparseInferenceNetwork, type SparseInferenceOptions } from './sparse-inference-network';

/** A factory of the networks {@link SparseInferenceFactory} wraps (e.g. a `QNetworkFactory`). */
export interface TorsoHeadNetworkFactory {
  readonly head: HeadDescription;
  create(spec: NetworkSpec): TorsoHeadNetwork;
}

/**
 * A `NetworkFactory` whose networks act through sparse inference once pruned: it wraps every
 * network `inner` creates in a {@link SparseInferenceNetwork}. This is how an agent opts in
 * without knowing about it: give the agent this factory instead of the plain one.
 *
 * @example
 * ```ts
 * const networkFactory = new SparseInferenceFactory(new QNetworkFactory({ torso: 'impala', width: 3 }), { threshold: 0.8 });
 * const agent = new DQNAgent({ networkFactory, replay, optimizer, hooks: [pruner], numActions, observationShape });
 * ```
 */
export class SparseInferenceFactory implements NetworkFactory {
  readonly head: HeadDescription;

  constructor(
    private readonly inner: TorsoHeadNetworkFactory,
    private readonly options: SparseInferenceOptions = {},
  ) {
    this.head = inner.head;
  }

  create(spec: NetworkSpec): SparseInferenceNetwork {
    return new SparseInferenceNetwork(this.inner.create(spec), this.options);
  }
}

import type { HeadDescription, NetworkFactory, NetworkSpec, QNetwork } from '@prunerl/core';
import { FakeQNetwork, type FakeHeadOptions } from './fake-q-network';

/** Options of {@link FakeNetworkFactory}. */
export interface FakeNetworkFactoryOptions {
  /** Hidden sizes of the MLP torso. Default [16]. */
  readonly hidden?: readonly number[];
  readonly head?: FakeHeadOptions;
}

/**
 * A {@link NetworkFactory} of {@link FakeQNetwork}s, for agent tests that must not depend on
 * `@prunerl/networks`. Keeps the networks it built in `created` (online first, then target, as
 * agents create them).
 */
export class FakeNetworkFactory implements NetworkFactory {
  readonly head: HeadDescription;
  readonly created: FakeQNetwork[] = [];

  constructor(private readonly options: FakeNetworkFactoryOptions = {}) {
    // The head description does not depend on the task: probe it with a 1-action network.
    const probe = new FakeQNetwork({ observationShape: [1], numActions: 1, seed: 0, head: options.head, hidden: [] });
    this.head = probe.head;
    probe.dispose();
  }

  create(spec: NetworkSpec): QNetwork {
    const network = new FakeQNetwork({ ...spec, hidden: this.options.hidden, head: this.options.head });
    this.created.push(network);
    return network;
  }
}

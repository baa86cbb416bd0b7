import { networks, TOKENS, type NetworkFactory } from '@prunerl/core';
import { ContainerModule } from 'inversify';
import { registerBuiltinNetworks } from '../registry/builtin-networks';

/** Options of {@link networksModule}: a registered architecture name and its options. */
export interface NetworksModuleOptions {
  /** A `networks` registry name (`mlp`, `minatar-cnn`, `nature-cnn`, `impala`, or a user's). Default `impala`. */
  readonly network?: string;
  /** That architecture's options (`{ head, width, ... }`, plain JSON as in a config). */
  readonly options?: Record<string, unknown>;
}

/**
 * The container entry of `@prunerl/networks`: registers the built-in architectures and binds
 * `TOKENS.NetworkFactory` (a singleton built from the registry, validated when first resolved).
 * Agents ask the factory for their online and target networks, so the architecture stays the
 * container's choice. Replace it with `rebind(TOKENS.NetworkFactory)`.
 *
 * @example
 * ```ts
 * const container = new Container();
 * await container.load(networksModule({ network: 'impala', options: { head: 'q', width: 3 } }));
 * const factory = container.get<NetworkFactory>(TOKENS.NetworkFactory);
 * const online = factory.create({ observationShape: [84, 84, 4], numActions: 18, seed: 0, scope: 'online' });
 * ```
 */
export function networksModule(options: NetworksModuleOptions = {}): ContainerModule {
  const name = options.network ?? 'impala';
  return new ContainerModule(({ bind }) => {
    registerBuiltinNetworks();
    bind<NetworkFactory>(TOKENS.NetworkFactory)
      .toDynamicValue(() => networks.get(name)(options.options ?? {}))
      .inSingletonScope();
  });
}

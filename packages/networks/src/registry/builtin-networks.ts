import { ConfigError, networks, type NetworkRegistration } from '@prunerl/core';
import type { ArchitectureOptions } from '../network/architecture';
import { QNetworkFactory } from '../network/q-network-factory';
import { TORSO_NAMES, TORSOS, type TorsoName } from '../torsos/torso-registry';

/** The registration of torso `name`: options (without `torso`, or with the same one) -> factory. */
export function networkRegistration(name: TorsoName): NetworkRegistration {
  return (options) => {
    if (options.torso !== undefined && options.torso !== name) {
      throw new ConfigError({ field: 'torso', value: options.torso, expected: `"${name}" (the registered name) or no torso option` });
    }
    return new QNetworkFactory({ ...options, torso: name } as unknown as ArchitectureOptions);
  };
}

/**
 * Registers the built-in architectures (the torsos of `TORSOS`: `mlp`, `minatar-cnn`, `nature-cnn`, `impala`) in core's
 * `networks` registry, skipping names already taken (a user's registration stands). Idempotent.
 * Each entry builds a `QNetworkFactory` from `{ head, width, ... }`.
 *
 * @example
 * ```ts
 * registerBuiltinNetworks();
 * const factory = networks.get('impala')({ head: 'c51', width: 3 });
 * ```
 */
export function registerBuiltinNetworks(): void {
  for (const name of TORSO_NAMES) {
    if (!networks.has(name)) networks.register(name, networkRegistration(name), { description: TORSOS[name].description });
  }
}

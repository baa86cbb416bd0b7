import { ConfigError } from '../errors/config-error';

/** One named entry of a {@link Registry}. */
export interface RegistryEntry<F> {
  readonly name: string;
  readonly factory: F;
  /** One line for `--help` and listings. */
  readonly description?: string;
}

/**
 * Named factories of one kind (pruners, networks, agents, ...), so configs and the CLI can say
 * `pruner: gmp` and a user's package can add `pruner: mine`. Like tfjs's kernel registry, the
 * instances live on `globalThis`, so two copies of `@prunerl/core` in one install (ESM and CJS, or
 * two versions) still share them.
 */
export class Registry<F> {
  private readonly entries = new Map<string, RegistryEntry<F>>();

  constructor(readonly kind: string) {}

  /**
   * Adds `factory` under `name`. Registering a taken name throws unless `override` is set (so two
   * plugins cannot silently replace each other).
   */
  register(name: string, factory: F, options: { description?: string; override?: boolean } = {}): void {
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_./-]*$/.test(name)) {
      throw new ConfigError({
        field: `${this.kind} name`,
        value: name,
        expected: 'a name of letters, digits, "_", ".", "/" or "-", starting with a letter or digit',
      });
    }
    if (this.entries.has(name) && !options.override) {
      throw new ConfigError({
        field: `${this.kind} name`,
        value: name,
        expected: 'a name not registered yet',
        hint: 'Pass { override: true } to replace the existing entry on purpose.',
      });
    }
    this.entries.set(name, { name, factory, ...(options.description ? { description: options.description } : {}) });
  }

  /** The factory registered as `name`; an unknown name throws a `ConfigError` listing the known ones. */
  get(name: string): F {
    const entry = this.entries.get(name);
    if (!entry) {
      const known = this.names();
      throw new ConfigError({
        field: this.kind,
        value: name,
        expected: known.length > 0 ? `one of ${known.map((k) => JSON.stringify(k)).join(', ')}` : `a registered ${this.kind} name (none are registered yet)`,
        hint: known.length === 0 ? 'Import the package that registers them first.' : undefined,
      });
    }
    return entry.factory;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  unregister(name: string): boolean {
    return this.entries.delete(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  list(): RegistryEntry<F>[] {
    return this.names().map((n) => this.entries.get(n)!);
  }
}

/** The shared registry of `kind`, created on first use and kept on `globalThis`. */
export function registryOf<F>(kind: string): Registry<F> {
  const key = Symbol.for(`@prunerl/core/registry/${kind}`);
  const store = globalThis as unknown as Record<symbol, Registry<F> | undefined>;
  let registry = store[key];
  if (!registry) {
    registry = new Registry<F>(kind);
    store[key] = registry;
  }
  return registry;
}

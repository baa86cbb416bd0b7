import { ConfigError, PrunerlError, type Registry } from '@prunerl/core';

/**
 * `registry.get(name)`, with the config field in the error (`pruner.name: expected one of "gmp",
 * ... got "gmpp"`) instead of the registry's own kind.
 */
export function lookup<F>(registry: Registry<F>, name: string, field: string): F {
  if (registry.has(name)) return registry.get(name);
  const known = registry.names();
  throw new ConfigError({
    field,
    value: name,
    expected: known.length > 0 ? `one of ${known.map((k) => JSON.stringify(k)).join(', ')}` : `a registered ${registry.kind} name (none are registered)`,
    hint: 'A plugin can add names: --plugin ./my-plugin.js (see docs/composing-agents.md).',
  });
}

/**
 * Runs `build` and, when it throws a `ConfigError` (a factory refusing its options), rethrows it
 * with the config section in the field (`pruner.options: gmp options.sparsity: ...`), so the
 * message says where in the config file the problem is.
 */
export function inSection<T>(section: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigError) {
      const field = error.field;
      if (field === section || field.startsWith(`${section}.`) || field.startsWith(`${section}[`) || field.startsWith(`${section} `)) throw error;
      throw new ConfigError({ field: `${section} > ${error.field}`, value: error.value, expected: error.expected }, { cause: error });
    }
    if (error instanceof PrunerlError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError({ field: section, value: undefined, expected: `options its factory accepts (it threw: ${message})` }, { cause: error });
  }
}

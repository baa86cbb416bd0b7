import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  agents,
  ConfigError,
  environments,
  networks,
  optimizers,
  pruners,
  replayBuffers,
  updateHooks,
} from '@prunerl/core';

/** The registries a plugin's `register` function receives (the same objects as `@prunerl/core`'s). */
export const PLUGIN_REGISTRIES = Object.freeze({ agents, environments, networks, optimizers, pruners, replayBuffers, updateHooks });

/** What a plugin module may export; registering at import time is enough too. */
export interface PluginModule {
  /** Called once with the registries, after the module is imported. */
  register?: (registries: typeof PLUGIN_REGISTRIES) => void | Promise<void>;
  default?: unknown;
}

/** Whether `spec` names a file (relative or absolute path) rather than a package. */
function isPathSpec(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || /\.(c|m)?(j|t)s$/.test(spec);
}

/**
 * Resolves a `--plugin` argument to an absolute file: a path (relative to `baseDirectory`), or a
 * package name resolved from `baseDirectory` as Node would from a script there. A missing file or
 * package is a `ConfigError` naming `field`.
 */
export function resolvePlugin(spec: string, baseDirectory: string, field: string): string {
  if (isPathSpec(spec)) {
    const path = resolve(baseDirectory, spec);
    if (!existsSync(path)) {
      throw new ConfigError({ field, value: spec, expected: `an existing plugin file (looked for ${path})` });
    }
    return path;
  }
  try {
    return createRequire(join(baseDirectory, 'noop.js')).resolve(spec);
  } catch (error) {
    throw new ConfigError(
      { field, value: spec, expected: `an installed package (not found from ${baseDirectory}; npm install it, or give a path starting with ./)` },
      { cause: error },
    );
  }
}

/**
 * Imports each plugin (a module that registers pruners, hooks, networks, agents or environments in
 * `@prunerl/core`'s registries when imported, or exports `register(registries)` / a default function
 * doing so) and calls its `register` export if any. Plugins load in order; a plugin that fails to
 * load is a `ConfigError` naming it. Returns the resolved paths.
 *
 * @example
 * ```ts
 * await loadPlugins(['./my-pruner.js'], process.cwd());
 * // my-pruner.js: export function register({ pruners }) { pruners.register('mine', (o, ctx) => new MyPruner(o, ctx)); }
 * ```
 */
export async function loadPlugins(specs: readonly string[], baseDirectory: string, fieldPrefix = 'plugins'): Promise<string[]> {
  const paths = specs.map((spec, i) => resolvePlugin(spec, baseDirectory, `${fieldPrefix}[${i}]`));
  for (const [i, path] of paths.entries()) {
    let module: PluginModule;
    try {
      // A file URL on Windows; a plain absolute path elsewhere (also what CommonJS test runners
      // that rewrite import() into require() understand).
      module = (await import(process.platform === 'win32' ? pathToFileURL(path).href : path)) as PluginModule;
    } catch (error) {
      throw new ConfigError(
        { field: `${fieldPrefix}[${i}]`, value: specs[i], expected: `a module that loads (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` },
        { cause: error },
      );
    }
    const isClass = (value: unknown): boolean => typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
    const register =
      typeof module.register === 'function'
        ? module.register
        : typeof module.default === 'function' && !isClass(module.default)
          ? (module.default as PluginModule['register'])
          : undefined;
    const nested = module.default as PluginModule | undefined;
    const fromDefault = !register && nested && typeof nested === 'object' && typeof nested.register === 'function' ? nested.register : undefined;
    await (register ?? fromDefault)?.(PLUGIN_REGISTRIES);
  }
  return paths;
}

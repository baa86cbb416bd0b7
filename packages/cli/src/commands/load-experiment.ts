import { dirname, isAbsolute, resolve } from 'node:path';
import {
  loadPlugins,
  parseOverride,
  readConfigFile,
  resolveExperimentConfig,
  setPath,
  type ResolvedExperimentConfig,
} from '@prunerl/runner';

/** Command-line changes to a config file. */
export interface ConfigOverrides {
  /** `--set path=value`, applied in order. */
  readonly set?: readonly string[];
  /** `--seed` (one run per seed). */
  readonly seeds?: readonly number[];
  /** `--frames`: the frames budget (iterations follow). */
  readonly frames?: number;
  /** `--output`: the output directory. */
  readonly output?: string;
  /** `--plugin`: more plugins (relative to the working directory). */
  readonly plugins?: readonly string[];
}

/** A plugin spec made independent of the working directory (paths absolute; package names kept). */
function absolutePlugin(spec: string, base: string): string {
  const isPath = spec.startsWith('.') || isAbsolute(spec) || /\.(c|m)?(j|t)s$/.test(spec);
  return isPath ? resolve(base, spec) : spec;
}

/**
 * Reads a config file, applies the command-line overrides, loads its plugins (so the names they
 * register exist), and resolves it. Nothing is written. Plugin paths in the result are absolute,
 * so a stored run config resumes from any directory.
 */
export async function loadExperiment(file: string, overrides: ConfigOverrides, cwd: string): Promise<ResolvedExperimentConfig> {
  const path = resolve(cwd, file);
  let raw = await readConfigFile(path);
  for (const text of overrides.set ?? []) {
    const { path: field, value } = parseOverride(text);
    raw = setPath(raw, field, value);
  }
  if (overrides.seeds && overrides.seeds.length > 0) raw = setPath(raw, 'seeds', [...overrides.seeds]);
  if (overrides.frames !== undefined) {
    raw = setPath(raw, 'budget.frames', overrides.frames);
    raw = setPath(raw, 'budget.iterations', undefined);
  }
  if (overrides.output !== undefined) raw = setPath(raw, 'outputDir', resolve(cwd, overrides.output));
  const record = (raw ?? {}) as { plugins?: unknown; outputDir?: unknown };
  const filePlugins = Array.isArray(record.plugins) ? (record.plugins as unknown[]) : [];
  const plugins = [
    ...filePlugins.map((p) => (typeof p === 'string' ? absolutePlugin(p, dirname(path)) : p)),
    ...(overrides.plugins ?? []).map((p) => absolutePlugin(p, cwd)),
  ];
  if (plugins.length > 0 || record.plugins !== undefined) raw = setPath(raw, 'plugins', plugins);
  if (typeof record.outputDir === 'string' && overrides.output === undefined) raw = setPath(raw, 'outputDir', resolve(cwd, record.outputDir));
  const config = resolveExperimentConfig(raw, file);
  await loadPlugins(config.plugins, cwd);
  return { ...config, outputDir: resolve(cwd, config.outputDir) };
}

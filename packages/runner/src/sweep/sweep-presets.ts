import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@prunerl/core';

/**
 * The directory of the sweep presets shipped with this package (`presets/*.yaml`): found upward
 * from this module, which sits in `src/sweep/` in the sources and in `dist/` when built.
 */
export function sweepPresetsDirectory(): string {
  let directory = dirname(typeof __filename !== 'undefined' ? __filename : fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(directory, 'presets');
    if (existsSync(join(candidate, 'quickstart.yaml'))) return candidate;
    directory = dirname(directory);
  }
  throw new ConfigError({ field: 'presets', value: directory, expected: 'the presets/ directory of @prunerl/runner (is the package installed completely?)' });
}

/** Names of the shipped sweep presets (`quickstart`, `fig1-width-scaling`, ...), sorted. */
export function listSweepPresets(): string[] {
  return readdirSync(sweepPresetsDirectory())
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.replace(/\.yaml$/, ''))
    .sort();
}

/** The file of sweep preset `name`; an unknown name is a `ConfigError` listing the known ones. */
export function sweepPresetPath(name: string): string {
  const known = listSweepPresets();
  if (!known.includes(name)) {
    throw new ConfigError({ field: '--preset', value: name, expected: `one of ${known.map((k) => JSON.stringify(k)).join(', ')}` });
  }
  return join(sweepPresetsDirectory(), `${name}.yaml`);
}

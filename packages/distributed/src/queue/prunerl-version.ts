import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The prunerl version of this install (the packages are versioned together), stamped on every job
 * and compared by workers: a run enqueued by one version is trained only by workers of the same
 * version, so one sweep's runs never mix code versions.
 */
export function prunerlVersion(): string {
  // CommonJS (the .cjs build, jest) has __filename; ESM (the .js build, tsx) has import.meta.url.
  const require = createRequire(typeof __filename !== 'undefined' ? __filename : fileURLToPath(import.meta.url));
  return (require('@prunerl/distributed/package.json') as { version: string }).version;
}

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '@prunerl/core';

/**
 * The command that starts a worker: the built `sweep-worker.js` next to this bundle, or, when
 * running from TypeScript sources (tests, `tsx`), the `.ts` file through tsx's loader.
 */
export function workerLaunch(): { readonly script: string; readonly execArgv: string[] } {
  // CommonJS (the .cjs build, jest) has __filename; ESM (the .js build, tsx) has import.meta.url.
  const here = typeof __filename !== 'undefined' ? __filename : fileURLToPath(import.meta.url);
  const directory = dirname(here);
  for (const name of ['sweep-worker.js', 'sweep-worker.cjs', 'sweep-worker.mjs']) {
    const script = join(directory, name);
    if (existsSync(script)) return { script, execArgv: [] };
  }
  const source = join(directory, 'sweep-worker.ts');
  if (!existsSync(source)) {
    throw new ConfigError({ field: 'sweep worker', value: directory, expected: 'sweep-worker.js (built) or sweep-worker.ts (sources) beside the runner' });
  }
  const tsx = createRequire(here).resolve('tsx');
  return { script: source, execArgv: ['--import', pathToFileURL(tsx).href, '--conditions=@prunerl/source'] };
}

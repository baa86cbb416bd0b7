// The built @prunerl/core must behave the same in both formats: same RNG stream, same global registry.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const esm = await import('@prunerl/core');
const cjs = require('@prunerl/core');
const a = esm.Rng.fromSeed(1).split('x').uniform();
const b = cjs.Rng.fromSeed(1).split('x').uniform();
if (a !== b) throw new Error(`RNG streams differ between ESM and CJS: ${a} vs ${b}`);
if (esm.pruners !== cjs.pruners) throw new Error('ESM and CJS copies do not share the pruner registry');
if (esm.TOKENS.Pruner !== cjs.TOKENS.Pruner) throw new Error('DI tokens differ between ESM and CJS');

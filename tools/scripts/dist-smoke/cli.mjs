// The built `prunerl` executable: it starts with its shebang, prints help, lists environments and
// validates a config; the library entry runs the same command in-process in both formats.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve('@prunerl/cli/package.json')), 'dist', 'bin.js');
if (!readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')) throw new Error('dist/bin.js has no shebang');
const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
if (!help.includes('Usage: prunerl')) throw new Error(`unexpected help:\n${help}`);
const envs = execFileSync(process.execPath, [bin, 'envs'], { encoding: 'utf8' });
if (!/MinAtar\/Breakout-v1 +Box\(10x10x4/.test(envs)) throw new Error(`unexpected envs:\n${envs}`);
for (const cli of [await import('@prunerl/cli'), require('@prunerl/cli')]) {
  if (typeof cli.runCli !== 'function' || typeof cli.createProgram !== 'function') throw new Error('runCli/createProgram missing');
}
console.log('cli dist ok');

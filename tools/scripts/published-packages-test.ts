/**
 * What users of the published packages get: packs every public workspace package (`npm pack`),
 * installs all the tarballs at once into an empty project outside the repository (npm fetches the
 * third-party dependencies, tfjs included, from the registry), and runs there
 *
 * 1. the README's programmatic example: the ```js block after the `published-packages-example`
 *    marker in README.md, else in packages/runner/README.md, as an ES module;
 * 2. the `prunerl` command: `--help`, `envs`, `config --print` of a small config, and a short
 *    `compare` (the sweep's worker processes, the shipped presets and the report).
 *
 * It needs the network (the npm registry) and a few minutes, so it is not part of the unit suite:
 *
 *     npm run build && npx tsx tools/scripts/published-packages-test.ts [--keep] [--dir <path>]
 *
 * `--keep` leaves the project directory in place (its path is printed); `--dir` chooses it.
 * Exits non-zero on the first failure, printing the step and its output.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspacePackages } from './workspace-packages';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const dirArg = args.indexOf('--dir');
const timings: [string, number][] = [];

function step<T>(name: string, run: () => T): T {
  const start = performance.now();
  process.stdout.write(`- ${name} ... `);
  try {
    const result = run();
    const seconds = (performance.now() - start) / 1000;
    timings.push([name, seconds]);
    process.stdout.write(`ok (${seconds.toFixed(1)} s)\n`);
    return result;
  } catch (error) {
    process.stdout.write('FAILED\n');
    throw error;
  }
}

function run(command: string, commandArgs: string[], cwd: string, timeoutMs = 600_000): string {
  const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs.join(' ')} exited with ${result.status ?? result.signal}\n--- stdout\n${result.stdout?.slice(-4000)}\n--- stderr\n${result.stderr?.slice(-4000)}`);
  }
  return result.stdout;
}

/** The ```js block after the `published-packages-example` marker in the root README, else the runner's. */
function readmeExample(): { source: string; code: string } {
  for (const file of ['README.md', join('packages', 'runner', 'README.md')]) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    const marker = text.indexOf('published-packages-example');
    if (marker < 0) continue;
    const match = /```js\n([\s\S]*?)```/.exec(text.slice(marker));
    if (match) return { source: file, code: match[1]! };
  }
  throw new Error('no ```js block after a "published-packages-example" marker in README.md or packages/runner/README.md');
}

function main(): void {
  const packages = workspacePackages(root).filter((p) => !p.private);
  for (const pkg of packages) {
    if (!existsSync(join(pkg.dir, 'dist'))) throw new Error(`${pkg.name} is not built (no dist/): run \`npm run build\` first`);
  }
  const base = dirArg >= 0 ? resolve(args[dirArg + 1]!) : mkdtempSync(join(tmpdir(), 'prunerl-published-'));
  const tarballs = join(base, 'tarballs');
  const project = join(base, 'project');
  mkdirSync(tarballs, { recursive: true });
  mkdirSync(project, { recursive: true });
  console.log(`project: ${project}`);
  try {
    const files = step(`npm pack ${packages.length} packages`, () =>
      packages.map((pkg) => {
        const out = execFileSync('npm', ['pack', '--pack-destination', tarballs, '--silent'], { cwd: pkg.dir, encoding: 'utf8' }).trim().split('\n');
        return join(tarballs, out[out.length - 1]!);
      }),
    );
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'prunerl-published-test', private: true, type: 'module' }, null, 2)}\n`);
    step('npm install of every tarball at once (from the registry for the rest)', () => run('npm', ['install', '--no-audit', '--no-fund', ...files], project, 900_000));
    const example = readmeExample();
    writeFileSync(join(project, 'example.mjs'), example.code);
    const output = step(`node example.mjs (the example of ${example.source})`, () => run(process.execPath, ['example.mjs'], project));
    if (!/complete /.test(output)) throw new Error(`the example did not report a complete run:\n${output}`);
    console.log(output.trim().split('\n').slice(-3).map((l) => `    ${l}`).join('\n'));
    step('npx prunerl --help', () => run('npx', ['--no-install', 'prunerl', '--help'], project));
    const envs = step('npx prunerl envs', () => run('npx', ['--no-install', 'prunerl', 'envs'], project));
    if (!envs.includes('MinAtar/Breakout-v1')) throw new Error(`prunerl envs did not list MinAtar/Breakout-v1:\n${envs}`);
    writeFileSync(join(project, 'exp.yaml'), 'environment: { id: CartPole-v1 }\nagent: { name: rainbow }\nbudget: { frames: 20000 }\n');
    const printed = step('npx prunerl config exp.yaml --print', () => run('npx', ['--no-install', 'prunerl', 'config', 'exp.yaml', '--print'], project));
    if (!printed.includes('preset: classic')) throw new Error(`unexpected resolved config:\n${printed}`);
    const compared = step('npx prunerl compare --frames 1000 --workers 2 (sweep workers, presets, report)', () =>
      run('npx', ['--no-install', 'prunerl', 'compare', '--frames', '1000', '--workers', '2', '-o', 'out', '--quiet'], project),
    );
    if (!compared.includes(`report: ${join(project, 'out', 'quickstart', 'report.html')} (2 runs)`)) throw new Error(`prunerl compare did not write the report:\n${compared}`);
    const total = timings.reduce((a, [, s]) => a + s, 0);
    console.log(`published packages work: ${packages.map((p) => p.name).join(', ')} (${total.toFixed(0)} s in all)`);
  } finally {
    if (!keep && dirArg < 0) rmSync(base, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

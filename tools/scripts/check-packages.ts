/**
 * Checks what users of the published packages get, for every package under packages/:
 * 1. `npm pack` yields a tarball with dist/ in ESM and CJS with both declaration files;
 * 2. `publint --strict` and `attw --pack` (are-the-types-wrong) pass;
 * 3. every entry point of the built package can be `require`d and `import`ed by plain Node
 *    (no source condition, so the dist files are what loads), and the smoke check of the
 *    package, if it has one (`tools/scripts/dist-smoke/<folder>.mjs`), passes on the dist.
 * Run after `npm run build`. Exits non-zero on the first failing package, naming the check.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { workspacePackages } from './workspace-packages';

const root = resolve(import.meta.dirname, '../..');
const bin = (name: string): string => join(root, 'node_modules/.bin', name);

function run(label: string, file: string, args: string[], cwd: string): string {
  try {
    return execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    process.stderr.write(`\n${label} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}\n`);
    process.exit(1);
  }
}

const only = process.argv.slice(2);
const packages = workspacePackages(root).filter((p) => !p.private && (only.length === 0 || only.includes(p.name)));
const packDir = mkdtempSync(join(tmpdir(), 'prunerl-pack-'));
let failures = 0;
try {
  for (const pkg of packages) {
    const folder = basename(pkg.dir);
    process.stdout.write(`${pkg.name}: `);
    const packed = JSON.parse(run(`npm pack ${pkg.name}`, 'npm', ['pack', '--json', '--pack-destination', packDir], pkg.dir)) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const files = new Set(packed[0]!.files.map((f) => f.path));
    const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json');
    for (const entry of entries) {
      const stem = entry === '.' ? 'index' : `${entry.slice(2)}/index`.replace(/\//g, '/');
      for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts']) {
        const expected = `dist/${stem}${ext}`;
        if (!files.has(expected)) {
          process.stderr.write(`\nnpm pack ${pkg.name}: ${expected} is missing from the tarball\n`);
          failures++;
        }
      }
    }
    process.stdout.write(`pack ${packed[0]!.files.length} files, `);
    run(`publint --strict ${pkg.name}`, bin('publint'), ['--strict'], pkg.dir);
    process.stdout.write('publint ok, ');
    run(`attw --pack ${pkg.name}`, bin('attw'), ['--pack', '.', '--format', 'table-flipped'], pkg.dir);
    process.stdout.write('attw ok, ');
    for (const entry of entries) {
      const specifier = entry === '.' ? pkg.name : `${pkg.name}/${entry.slice(2)}`;
      run(`require('${specifier}')`, process.execPath, ['-e', `const m = require(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('no exports');`], root);
      run(
        `import('${specifier}')`,
        process.execPath,
        ['--input-type=module', '-e', `const m = await import(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('no exports');`],
        root,
      );
    }
    process.stdout.write('require/import ok');
    const smoke = join(root, 'tools/scripts/dist-smoke', `${folder}.mjs`);
    if (existsSync(smoke)) {
      run(`dist smoke test ${smoke}`, process.execPath, [smoke], root);
      process.stdout.write(', dist smoke ok');
    }
    process.stdout.write('\n');
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}
if (failures > 0) process.exit(1);
console.log(`checked ${packages.length} packages: tarballs, publint --strict, attw --pack, require and import of dist`);

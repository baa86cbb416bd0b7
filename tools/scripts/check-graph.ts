/**
 * Checks the package graph nx computes (`nx graph --file=...`, from package.json dependencies and
 * imports) against DESIGN.md's rule: @prunerl/core and @prunerl/wasm (run-time WebAssembly, no tfjs)
 * are the bottom of the graph and depend on no other prunerl package; every other package depends
 * on @prunerl/core; plugin packages depend on no other prunerl package except @prunerl/wasm and
 * @prunerl/testing (tests only); only the composition roots (runner, distributed, cli, the playground
 * app) reach several plugins.
 * Exits non-zero naming each offending edge.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const COMPOSITION_ROOTS = new Set(['@prunerl/runner', '@prunerl/distributed', '@prunerl/cli', '@prunerl/integration', '@prunerl/playground']);
const BASES = new Set(['@prunerl/core', '@prunerl/wasm']);
const ALLOWED_FOR_PLUGINS = new Set(['@prunerl/core', '@prunerl/wasm', '@prunerl/testing']);

const dir = mkdtempSync(join(tmpdir(), 'prunerl-graph-'));
try {
  const file = join(dir, 'graph.json');
  execFileSync(join(root, 'node_modules/.bin/nx'), ['graph', `--file=${file}`], { cwd: root, stdio: 'pipe' });
  const graph = JSON.parse(readFileSync(file, 'utf8')) as {
    graph: { nodes: Record<string, unknown>; dependencies: Record<string, Array<{ target: string }>> };
  };
  const projects = Object.keys(graph.graph.nodes).filter((n) => n.startsWith('@prunerl/')).sort();
  const problems: string[] = [];
  for (const project of projects) {
    const targets = new Set((graph.graph.dependencies[project] ?? []).map((d) => d.target).filter((t) => t.startsWith('@prunerl/')));
    if (BASES.has(project)) {
      for (const t of targets) problems.push(`${project} -> ${t}: ${project.slice('@prunerl/'.length)} depends on no other prunerl package`);
      console.log(`${project} -> (none)`);
      continue;
    }
    if (!targets.has('@prunerl/core')) problems.push(`${project} does not depend on @prunerl/core`);
    if (COMPOSITION_ROOTS.has(project)) continue;
    for (const t of targets) {
      if (!ALLOWED_FOR_PLUGINS.has(t) || (project === '@prunerl/testing' && t !== '@prunerl/core')) {
        problems.push(`${project} -> ${t}: a plugin package may depend only on @prunerl/core, @prunerl/wasm (and @prunerl/testing in tests)`);
      }
    }
    console.log(`${project} -> ${[...targets].sort().join(', ')}`);
  }
  if (problems.length > 0) {
    console.error(`package graph violates the dependency rule:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`package graph ok: ${projects.length} packages, all but core and wasm depend on @prunerl/core, no plugin depends on another`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

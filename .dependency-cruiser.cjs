// The dependency rule of DESIGN.md, checked on every CI run (`npm run lint:deps`).
const PLUGINS = 'backend|environments|networks|pruning|plasticity|replay|agents|evaluation|testing';
// runner, cli and integration (private cross-package tests) are composition roots: they may import every package.
// Packages that must run in browsers too: no Node built-ins outside a `src/node/` entry or tests.
const BROWSER_SAFE = 'core|environments|networks|pruning|plasticity|replay|agents|evaluation|testing';

module.exports = {
  forbidden: [
    {
      name: 'core-stands-alone',
      severity: 'error',
      comment: '@prunerl/core is the bottom of the graph: it imports no other prunerl package.',
      from: { path: '^packages/core/' },
      to: { path: '^packages/', pathNot: '^packages/core/' },
    },
    {
      name: 'plugins-import-only-core',
      severity: 'error',
      comment: 'A plugin package imports only @prunerl/core (DESIGN.md: arrows point towards core).',
      from: { path: `^packages/(${PLUGINS})/src/`, pathNot: '\\.spec\\.ts$' },
      to: { path: '^packages/([^/]+)/', pathNot: ['^packages/$1/', '^packages/core/'] },
    },
    {
      name: 'tests-import-only-core-backend-testing',
      severity: 'error',
      comment: 'Tests of a plugin may also use @prunerl/backend (to start tfjs) and @prunerl/testing.',
      from: { path: `^packages/(${PLUGINS})/src/.*\\.spec\\.ts$` },
      to: { path: '^packages/([^/]+)/', pathNot: ['^packages/$1/', '^packages/(core|backend|testing)/'] },
    },
    {
      name: 'only-public-entry-points',
      severity: 'error',
      comment: "Another package is reached only through its src/index.ts or src/inversify/index.ts (its exports map).",
      from: { path: '^packages/([^/]+)/' },
      to: {
        path: '^packages/([^/]+)/src/',
        pathNot: ['^packages/$1/', '^packages/[^/]+/src/index\\.ts$', '^packages/[^/]+/src/(inversify|node)/index\\.ts$'],
      },
    },
    {
      name: 'browser-safe-packages-use-no-node-builtins',
      severity: 'error',
      comment: 'DESIGN.md: these packages run in browsers; file I/O lives in runner/cli or a src/node/ entry.',
      from: { path: `^packages/(${BROWSER_SAFE})/src/`, pathNot: ['\\.spec\\.ts$', '/src/node/'] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'Deep imports such as @prunerl/core/src/x are blocked by the exports map and end up here.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@prunerl/source', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

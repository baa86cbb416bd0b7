// The dependency rule of DESIGN.md, checked on every CI run (`npm run lint:deps`).
// core (contracts) and wasm (run-time WebAssembly: code generation and sparse layout, no tfjs) are
// the bottom of the graph; plugins import only them.
const PLUGINS = 'backend|environments|mujoco|networks|pruning|plasticity|replay|agents|evaluation|testing';
const SHARED = 'core|wasm';
// runner, distributed (sweeps across machines on BullMQ), cli and integration (private cross-package tests) are
// composition roots: they may import every package.
// Packages that must run in browsers too: no Node built-ins outside a `src/node/` entry or tests.
const BROWSER_SAFE = 'core|wasm|environments|mujoco|networks|pruning|plasticity|replay|agents|evaluation|testing';

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
      name: 'core-has-no-tensor-operations',
      severity: 'error',
      comment: '@prunerl/core names kernels and types tensors but runs no tfjs op: it imports tfjs for types only.',
      from: { path: '^packages/core/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '@tensorflow/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'wasm-stands-alone',
      severity: 'error',
      comment: '@prunerl/wasm is pure code generation and layout arithmetic: no other prunerl package, no tfjs.',
      from: { path: '^packages/wasm/' },
      to: { path: ['^packages/(?!wasm/)', '@tensorflow/'] },
    },
    {
      name: 'plugins-import-only-core-and-wasm',
      severity: 'error',
      comment: 'A plugin package imports only @prunerl/core and @prunerl/wasm (DESIGN.md: arrows point towards core).',
      from: { path: `^packages/(${PLUGINS})/src/`, pathNot: '\\.spec\\.ts$' },
      to: { path: '^packages/([^/]+)/', pathNot: ['^packages/$1/', `^packages/(${SHARED})/`] },
    },
    {
      name: 'tests-import-only-core-wasm-backend-testing',
      severity: 'error',
      comment: 'Tests of a plugin may also use @prunerl/backend (to start tfjs) and @prunerl/testing.',
      from: { path: `^packages/(${PLUGINS})/src/.*\\.spec\\.ts$` },
      to: { path: '^packages/([^/]+)/', pathNot: ['^packages/$1/', `^packages/(${SHARED}|backend|testing)/`] },
    },
    {
      name: 'only-public-entry-points',
      severity: 'error',
      comment: "Another package is reached only through its src/index.ts or src/inversify/index.ts (its exports map).",
      from: { path: '^packages/([^/]+)/' },
      to: {
        path: '^packages/([^/]+)/src/',
        pathNot: ['^packages/$1/', '^packages/[^/]+/src/index\\.ts$', '^packages/[^/]+/src/(inversify|node|browser)/index\\.ts$'],
      },
    },
    {
      name: 'apps-use-only-public-entry-points',
      severity: 'error',
      comment: 'An app (apps/playground) reaches the library only as its users do: through the packages\' exports maps.',
      from: { path: '^apps/' },
      to: {
        path: '^packages/[^/]+/src/',
        pathNot: ['^packages/[^/]+/src/index\\.ts$', '^packages/[^/]+/src/(inversify|node|browser)/index\\.ts$'],
      },
    },
    {
      name: 'playground-page-and-worker-use-no-node-builtins',
      severity: 'error',
      comment: 'The playground runs in browsers: only its tests and scripts (the static server) may use Node.',
      from: { path: '^apps/playground/src/', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-safe-packages-use-no-node-builtins',
      severity: 'error',
      comment: 'DESIGN.md: these packages run in browsers; file I/O lives in runner/cli or a src/node/ entry.',
      from: { path: `^packages/(${BROWSER_SAFE})/src/`, pathNot: ['\\.spec\\.ts$', '/src/node/'] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'runner-browser-entry-reaches-no-node-builtins',
      severity: 'error',
      comment: "@prunerl/runner/browser runs in browsers and workers (the playground): nothing it reaches may import a Node built-in.",
      from: { path: '^packages/runner/src/browser/index\\.ts$' },
      to: { path: '^(node:)?(assert|buffer|child_process|crypto|events|fs|fs/promises|module|os|path|process|readline|stream|url|util|v8|worker_threads|zlib)$', reachable: true },
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
    // tfjs stays in the graph (not followed) so that the rules above can see who imports it.
    exclude: { path: '^(packages|apps)/[^/]+/dist/|(^|/)node_modules/(?!@tensorflow/)' },
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

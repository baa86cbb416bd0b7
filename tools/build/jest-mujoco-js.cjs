// Jest loads every module through its own CommonJS loader (its `createRequire` and `module` shims
// included), which cannot evaluate `mujoco-js`, an ES module using `import.meta`. Tests map
// `mujoco-js` here. Node's own loader (`Module._load`, inherited by jest's `module` shim) loads ES
// modules without top-level await through `require` (Node >= 20.19), so the WebAssembly module
// loads as users get it. The namespace is re-exported as a plain CommonJS object for jest's interop.
const { Module } = require('node:module');
const path = require('node:path');
const entry = path.join(path.dirname(require.resolve('mujoco-js/package.json')), 'dist/mujoco_wasm.js');
const namespace = Module._load(entry, null, false);
module.exports = { __esModule: true, default: namespace.default };

// The shared jest preset plus a wasm backend started before every test file (see jest-tfjs-wasm.ts).
const base = require('./jest-preset.cjs');

module.exports = { ...base, setupFilesAfterEnv: [require.resolve('./jest-tfjs-wasm.ts')] };

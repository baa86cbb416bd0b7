module.exports = { ...require('../../tools/build/jest-preset.cjs'), displayName: 'wasm' };

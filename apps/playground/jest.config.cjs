module.exports = { ...require('../../tools/build/jest-tfjs-preset.cjs'), displayName: 'playground' };

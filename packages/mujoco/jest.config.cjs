const preset = require('../../tools/build/jest-preset.cjs');

module.exports = {
  ...preset,
  displayName: 'mujoco',
  moduleNameMapper: { ...preset.moduleNameMapper, '^mujoco-js$': require.resolve('../../tools/build/jest-mujoco-js.cjs') },
};

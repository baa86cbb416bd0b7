// Shared jest settings for every package (each package's jest.config.cjs spreads this).
// Tests are compiled to CommonJS by swc: ESM tests cannot load under jest on Node 20.
// Decorator metadata stays off, as in the tsup builds, so tests see what users get.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': [
      require.resolve('@swc/jest'),
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // Sibling packages resolve to their sources through the "@prunerl/source" export condition.
  testEnvironmentOptions: { customExportConditions: ['@prunerl/source', 'node', 'require', 'default'] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: [require.resolve('reflect-metadata')],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

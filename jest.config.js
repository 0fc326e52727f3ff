/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // One Temporal dev server for the run, started from temporal-dev.yml like `npm start` does.
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 120_000,
  // Three on two cores: the end-to-end tests spend much of their time waiting on servers.
  maxWorkers: 3,
  testSequencer: '<rootDir>/test/helpers/sequencer.mjs',
};

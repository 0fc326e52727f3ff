/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // ESM-only packages (noble's Ed25519 and hashes): compiled to CommonJS for Jest's module system.
    '/node_modules/@noble/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // One Temporal dev server for the run, started from temporal-dev.yml like `npm start` does.
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 120_000,
  // Three on two cores: the end-to-end tests spend much of their time waiting on servers.
  maxWorkers: 3,
  testSequencer: '<rootDir>/test/helpers/sequencer.mjs',
};

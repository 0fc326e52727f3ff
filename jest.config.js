/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // ESM-only packages (jose; noble's Ed25519 and hashes): compiled to CommonJS for jest, which cannot require ESM on Node 20.
    '^.+\\.m?js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|@noble)/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // One Temporal dev server for the run, started from temporal-dev.yml like `npm start` does.
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 120_000,
  // Three on two cores: the end-to-end tests spend much of their time waiting on servers.
  maxWorkers: 3,
  testSequencer: '<rootDir>/test/helpers/sequencer.mjs',
};

/**
 * `npm run test:cluster`: the tests on a Temporal cluster on PostgreSQL (scripts/cluster.ts), apart from
 * `npm test` (jest.config.js matches only *.test.ts). Each file starts the cluster it needs; no dev server.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // ESM-only packages (noble's Ed25519 and hashes): compiled to CommonJS for Jest's module system.
    '/node_modules/@noble/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  testMatch: ['<rootDir>/test/cluster/**/*.cluster.ts'],
  testTimeout: 600_000,
  // One file at a time: a cluster is four server processes and two PostgreSQL servers on 2 cores.
  maxWorkers: 1,
};

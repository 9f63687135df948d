/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // End-to-end tests start the real bot from dist/: build it once before any test runs.
  globalSetup: '<rootDir>/test/globalSetup.js',
  testTimeout: 30000,
};

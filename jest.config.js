// Jest runs TypeScript through swc (no type-check; `tsc -b` does that) and maps the
// workspace packages to their sources, so tests need no build first.
/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: {
    '^@todo-dapr/(contracts|platform|client)$': '<rootDir>/packages/$1/src',
    // Test support lives beside the sources, outside src, so no service's build holds it.
    '^@todo-dapr/(platform|client)/testing$': '<rootDir>/packages/$1/testing',
    // The ES module packages (client, cli) import './file.js', which is './file.ts' here.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

module.exports = {
  testSequencer: '<rootDir>/tests/e2e/support/sequencer.cjs',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{packages,services}/*/test/**/*.test.ts',
        '<rootDir>/tests/{architecture,process}/**/*.test.ts',
      ],
    },
    {
      // The event schemas against a real schema registry (Apicurio, started by the setup).
      ...shared,
      displayName: 'registry',
      testMatch: ['<rootDir>/tests/registry/**/*.registry.test.ts'],
      globalSetup: '<rootDir>/tests/registry/support/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/registry/support/global-teardown.mjs',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/tests/e2e/support/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/e2e/support/global-teardown.mjs',
      setupFilesAfterEnv: ['<rootDir>/tests/e2e/support/timeouts.ts'],
    },
    {
      // npm run test:browser: the web app in Debian's Chromium, on an in-process stand-in
      // for the origin (tests/e2e/web-app.e2e.test.ts runs it on the real stack).
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.browser.test.ts'],
      globalSetup: '<rootDir>/tests/browser/support/global-setup.mjs',
      setupFilesAfterEnv: ['<rootDir>/tests/browser/support/timeouts.ts'],
    },
    {
      // npm run test:compose: docker-compose.yml through its published ports.
      ...shared,
      displayName: 'compose',
      testMatch: ['<rootDir>/tests/compose/**/*.compose.test.ts'],
      globalSetup: '<rootDir>/tests/compose/support/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/compose/support/global-teardown.mjs',
    },
    {
      // npm run test:k8s: the local cluster of npm run k8s:up, through its origin.
      ...shared,
      displayName: 'k8s',
      testMatch: ['<rootDir>/tests/k8s/**/*.k8s.test.ts'],
      globalSetup: '<rootDir>/tests/k8s/support/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/k8s/support/global-teardown.mjs',
    },
  ],
};

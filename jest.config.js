// The tests run in a zone that is neither UTC nor London (unless TZ says otherwise), with other
// clock-change dates than London's: a test or rule that leans on the machine's zone fails here.
// `npm run test:tz` runs the date rules again in London's own zone. Workers inherit this.
process.env.TZ ??= 'America/New_York';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/postgres and test/faults need several processes on one database: they run when
  // DATABASE_URL names a PostgreSQL server (.ci/run does), as `npm run test:postgres` and
  // `npm run test:faults`.
  testPathIgnorePatterns: /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')
    ? ['/node_modules/']
    : ['/node_modules/', '<rootDir>/test/postgres/', '<rootDir>/test/faults/'],
  // ignoreDynamic keeps `import()` as it is, so ES-module-only packages (openid-client, oidc-provider)
  // load as ES modules (NODE_OPTIONS=--experimental-vm-modules) from our CommonJS code.
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: true } },
    ],
  },
  // FC_SEED (and FC_PATH) replay a failing property test from the seed its message names.
  setupFiles: ['<rootDir>/test/support/fast-check-seed.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Real servers start in these tests (a PostgreSQL database migrated, Temporal, SMTP, worker and
  // API): allow them the time a cold start takes on 2 cores that are busy with another test file.
  testTimeout: 120_000,
  maxWorkers: 2,
  // A worker keeps what every test file it ran loaded (VM contexts, PGlite's WebAssembly memory,
  // native Temporal clients) and grows with each: past about 130 files one ran out of heap in CI.
  // Jest replaces a worker between test files once its heap is over this.
  workerIdleMemoryLimit: '1GB',
};

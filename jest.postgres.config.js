/**
 * `npm run test:postgres` (CI, with DATABASE_URL naming PostgreSQL): the multi-process suites, the
 * integration tests and the end-to-end tests, on PostgreSQL and the production Temporal server.
 * Left out: the end-to-end tests of request handling alone (schemas, authorization, fuzzing, rate
 * limits, the OpenAPI document, the admin CLI's arguments). They run once, on PGlite, in
 * `npm test`: the database behind them does not change what they prove, and running them twice
 * costs CI a quarter of an hour. A new end-to-end test runs on both unless it is added here.
 */
const base = require('./jest.config');

const requestHandlingOnly = [
  'abuse-authentication',
  'abuse-fuzz',
  'abuse-mass-assignment',
  'abuse-object-authorization',
  'abuse-rate-limits',
  'abuse-resource-consumption',
  'admin-cli',
  'admin-cli-fair-share',
  'api-conventions',
  'commissioning-scope-boundary',
  'deadlines-scope-boundary',
  'fair-share-scope-boundary',
  'openapi',
  'reference-data-role-boundary',
  'spoke-accreditation-scope-boundary',
];

module.exports = {
  ...base,
  roots: ['<rootDir>/test/postgres', '<rootDir>/test/integration', '<rootDir>/test/e2e'],
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, ...requestHandlingOnly.map((name) => `/test/e2e/${name}\\.test\\.ts$`)],
};

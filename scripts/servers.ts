/**
 * `npm run servers`: builds (once) and prints the Temporal servers this project runs on, from
 * the Go module proxy and Maven Central: the dev server (`npm start`, `npm test`), the
 * time-skipping test server (workflow tests) and the Temporal server on PostgreSQL (the
 * PostgreSQL suites). CI runs it up front so the first test does not pay for it.
 */
import path from 'node:path';
import { findTemporalCli, findTemporalServer, findTimeSkippingServer } from '../temporal/servers';

const log = (message: string) => console.log(message);
const cli = findTemporalCli({ build: true, log });
const testServer = findTimeSkippingServer({ build: true, log });
const server = findTemporalServer({ build: true, log });
console.log(`Temporal dev server:           ${cli ?? 'not available (install Go, or set TEMPORAL_CLI_PATH)'}`);
console.log(`Time-skipping test server:     ${testServer ?? 'not available (install Java and Maven, or set TEMPORAL_TEST_SERVER_PATH)'}`);
console.log(
  `Temporal server (PostgreSQL):  ${server ? path.dirname(server.server) : 'not available (install Go, or set TEMPORAL_SERVER_DIR)'}`,
);
if (!cli || !testServer || !server) process.exit(1);

/**
 * `npm run servers`: builds (once) and prints the Temporal dev server and the time-skipping test
 * server this project runs on, from the Go module proxy and Maven Central. CI runs it up front
 * so the first test does not pay for it; `npm start` and `npm test` would do it on demand.
 */
import { findTemporalCli, findTimeSkippingServer } from '../temporal/servers';

const log = (message: string) => console.log(message);
const cli = findTemporalCli({ build: true, log });
const testServer = findTimeSkippingServer({ build: true, log });
console.log(`Temporal dev server:          ${cli ?? 'not available (install Go, or set TEMPORAL_CLI_PATH)'}`);
console.log(`Time-skipping test server:    ${testServer ?? 'not available (install Java and Maven, or set TEMPORAL_TEST_SERVER_PATH)'}`);
if (!cli || !testServer) process.exit(1);

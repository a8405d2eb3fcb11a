/**
 * Restart the Temporal server's PostgreSQL (a server of this test's own, ./private-postgres.ts)
 * while EOIs and spoke applications are driven through the API: the Temporal server keeps
 * retrying its persistence until the database is back, and every process reaches its end state
 * with nothing recorded or sent twice. Trainflow's own database is elsewhere and stays up.
 */
import { startTestSystem, type TestSystem } from '../support/system';
import { startTemporalServer, type TemporalServer } from '../support/temporal-server';
import { startWorkerFor, type WorkerProcess } from '../support/worker-process';
import { createFaultWorld, type FaultWorld, journeysThrough, PatientClient, randomBetween, recordResult, sleep } from './harness';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres';

const EOIS = 6;
const SPOKES = 3;
const OUTAGE_MS = 15_000;

describe("the Temporal server's PostgreSQL restarted mid-traffic", () => {
  let postgres: PrivatePostgres;
  let temporal: TemporalServer;
  let system: TestSystem;
  let worker: WorkerProcess;
  let world: FaultWorld;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    temporal = await startTemporalServer({ postgresUrl: postgres.url });
    system = await startTestSystem({ temporalAddress: temporal.address }, { role: 'api' });
    worker = await startWorkerFor(system, { temporalAddress: temporal.address });
    world = await createFaultWorld(system, { practices: SPOKES });
  }, 180_000);

  afterAll(async () => {
    if (postgres && !postgres.isRunning()) postgres.start();
    await worker?.stop();
    await system?.stop();
    await temporal?.destroy();
    postgres?.destroy();
  }, 180_000);

  it("rides out the outage of Temporal's database, then completes each process once", async () => {
    PatientClient.retries = 0;
    let outage = 0;
    const outcome = await journeysThrough(system, world, { eois: EOIS, spokes: SPOKES, label: 'tpg' }, async () => {
      await sleep(randomBetween(1_500, 3_000));
      postgres.stop();
      const stoppedAt = Date.now();
      try {
        await sleep(OUTAGE_MS);
      } finally {
        postgres.start();
        outage = Date.now() - stoppedAt;
      }
    });
    // Neither the Temporal server nor the worker died of it.
    expect({ temporal: temporal.isRunning(), worker: worker.child.exitCode }).toEqual({ temporal: true, worker: null });
    recordResult({
      suite: "Temporal's PostgreSQL restarted",
      fault: `pg_ctl stop -m fast of the Temporal server's PostgreSQL for ${Math.round(outage / 1000)} s mid-traffic; clients retried ${PatientClient.retries} requests`,
      trials: 1,
      processes: outcome.processes,
      processesOk: outcome.processesOk,
      emails: outcome.emails,
    });
    expect({ failures: outcome.failures, problems: outcome.problems }).toEqual({ failures: [], problems: [] });
    expect({ lost: outcome.emails.lost, duplicated: outcome.emails.duplicated, unexpected: outcome.emails.unexpected }).toEqual({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
    });
  }, 600_000);
});

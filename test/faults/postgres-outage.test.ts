/**
 * Stop PostgreSQL for 30 s while EOIs and spoke applications are being driven through the API:
 * the activities in flight fail and are retried by Temporal until the database is back, and then
 * complete; every process reaches its end state with nothing recorded or sent twice.
 *
 * The server stopped is a PostgreSQL of this test's own (./private-postgres.ts): stopping the
 * machine's shared cluster would also take the database from every other test running beside it.
 */
import { startTestSystem, type TestSystem } from '../support/system';
import { startWorkerFor, type WorkerProcess } from '../support/worker-process';
import {
  auditProblems,
  createFaultWorld,
  EOI_JOURNEY_AUDIT,
  EOI_JOURNEY_STATUS,
  eoiJourney,
  type FaultWorld,
  outboxSteps,
  patient,
  PatientClient,
  randomBetween,
  recordResult,
  sleep,
  SPOKE_JOURNEY_AUDIT,
  SPOKE_JOURNEY_STATUS,
  spokeJourney,
  tallyEmails,
} from './harness';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres';

const EOIS = 6;
const SPOKES = 3;
const OUTAGE_MS = 30_000;

describe('PostgreSQL stopped for 30 s during activity traffic', () => {
  let postgres: PrivatePostgres;
  let system: TestSystem;
  let worker: WorkerProcess;
  let world: FaultWorld;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const shared = process.env.DATABASE_URL;
    process.env.DATABASE_URL = postgres.url; // createTestDatabase makes its database on this server
    try {
      system = await startTestSystem({}, { role: 'api' });
    } finally {
      process.env.DATABASE_URL = shared;
    }
    worker = await startWorkerFor(system);
    world = await createFaultWorld(system, { practices: SPOKES });
  }, 180_000);

  afterAll(async () => {
    if (postgres && !postgres.isRunning()) postgres.start();
    await worker?.stop();
    system?.server?.closeAllConnections(); // requests a failed test left waiting
    await system?.stop();
    postgres?.destroy();
  }, 180_000);

  it('retries every activity until the database is back, then completes each process once', async () => {
    const journeys = Promise.allSettled([
      ...Array.from({ length: EOIS }, (_, i) => eoiJourney(world, `pg${i}`, patient)),
      ...Array.from({ length: SPOKES }, (_, i) => spokeJourney(world, i, patient)),
    ]);
    await sleep(randomBetween(1_500, 3_000));
    const workerRestarts = worker.child.exitCode;
    postgres.stop();
    let outage: number;
    const stoppedAt = Date.now();
    try {
      await sleep(OUTAGE_MS);
      // Mid-outage, the API answers a problem (never a hang or a crash).
      const during = await world.staff.api.get('/api/eois');
      expect({ status: during.status, type: during.headers.get('content-type'), body: during.body }).toEqual({
        status: 503,
        type: expect.stringContaining('application/problem+json'),
        body: expect.objectContaining({ detail: 'The database is not reachable; retry shortly' }),
      });
    } finally {
      outage = Date.now() - stoppedAt;
      postgres.start();
    }
    const outcomes = await journeys;
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
    expect(failures).toEqual([]);
    // The worker rode out the outage: it is the same process.
    expect({ exitCode: worker.child.exitCode, before: workerRestarts }).toEqual({ exitCode: null, before: null });

    const results = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const eois = results.slice(0, EOIS);
    const spokes = results.slice(EOIS);
    expect(eois.map((e) => e.status)).toEqual(Array(EOIS).fill(EOI_JOURNEY_STATUS));
    expect(spokes.map((s) => s.status)).toEqual(Array(SPOKES).fill(SPOKE_JOURNEY_STATUS));
    const rows = await system.db.prisma.eoi.findMany({ where: { id: { in: eois.map((e) => e.id) } } });
    expect(rows.map((r) => r.status)).toEqual(Array(EOIS).fill(EOI_JOURNEY_STATUS));

    const eoiSteps = await Promise.all(eois.map((e) => outboxSteps(system, e.id)));
    for (const steps of eoiSteps) expect(steps).toEqual(eoiSteps[0]);
    const spokeSteps = await Promise.all(spokes.map((s) => outboxSteps(system, s.id)));
    for (const steps of spokeSteps) expect(steps).toEqual(spokeSteps[0]);

    const problems = await auditProblems(system, [
      ...eois.map((e) => ({ id: e.id, expected: EOI_JOURNEY_AUDIT })),
      ...spokes.map((s) => ({ id: s.id, expected: SPOKE_JOURNEY_AUDIT })),
    ]);
    expect(problems).toEqual([]);

    const emails = await tallyEmails(system, { timeoutMs: 180_000 });
    recordResult({
      suite: 'PostgreSQL stopped for 30 s',
      fault: `pg_ctl stop -m fast for ${Math.round(outage / 1000)} s mid-traffic; clients retried ${PatientClient.retries} requests answered 503 meanwhile`,
      trials: 1,
      processes: EOIS + SPOKES,
      processesOk: eois.length + spokes.length,
      emails,
    });
    expect({ lost: emails.lost, duplicated: emails.duplicated, unexpected: emails.unexpected }).toEqual({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
    });
  }, 420_000);
});

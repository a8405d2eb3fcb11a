/**
 * kill -9 the worker at random points while a batch of EOIs and spoke applications is driven
 * through the API, restart it each time: every process still reaches its end state, each email
 * is queued once and received (by Message-ID), and the audit trail is complete without repeats.
 */
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
import { startTestSystem, type TestSystem } from '../support/system';
import { startWorkerFor, type WorkerProcess } from '../support/worker-process';

const EOIS = 12;
const SPOKES = 6;
const KILLS = 5;

describe('the worker killed with SIGKILL at random points during a batch of EOIs and spoke applications', () => {
  let system: TestSystem;
  let worker: WorkerProcess;
  let world: FaultWorld;

  const startWorker = () => startWorkerFor(system);

  beforeAll(async () => {
    system = await startTestSystem({}, { role: 'api' });
    worker = await startWorker();
    world = await createFaultWorld(system, { practices: SPOKES });
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await system?.stop();
  }, 180_000);

  it('brings every process to its end state with each email once and the audit trail complete', async () => {
    let done = false;
    // Careful clients: while a killed worker's workflow tasks time out, Temporal refuses updates
    // to those processes and the API answers 503; the client sends the same request again.
    const retriesBefore = PatientClient.retries;
    let finished = 0;
    const counted = <T>(journey: Promise<T>) => journey.finally(() => (finished += 1));
    const journeys = Promise.allSettled([
      ...Array.from({ length: EOIS }, (_, i) => counted(eoiJourney(world, `w${i}`, patient))),
      ...Array.from({ length: SPOKES }, (_, i) => counted(spokeJourney(world, i, patient))),
    ]).finally(() => {
      done = true;
    });

    // The killer: a bounded number of kills at random moments while the journeys run. Each kill
    // counts the journeys still unfinished once the worker is dead: those needed a new worker.
    let kills = 0;
    const unfinishedAfterKill: number[] = [];
    while (!done && kills < KILLS) {
      await sleep(randomBetween(500, 4_000));
      if (done) break;
      await worker.crash();
      unfinishedAfterKill.push(EOIS + SPOKES - finished);
      kills += 1;
      worker = await startWorker();
    }
    const outcomes = await journeys;
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
    expect(failures).toEqual([]);
    const results = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const eois = results.slice(0, EOIS);
    const spokes = results.slice(EOIS);

    // Every process reached its end state, in the read model too.
    expect(eois.map((e) => e.status)).toEqual(Array(EOIS).fill(EOI_JOURNEY_STATUS));
    expect(spokes.map((s) => s.status)).toEqual(Array(SPOKES).fill(SPOKE_JOURNEY_STATUS));
    const rows = await system.db.prisma.eoi.findMany({ where: { id: { in: eois.map((e) => e.id) } } });
    expect(rows.map((r) => r.status)).toEqual(Array(EOIS).fill(EOI_JOURNEY_STATUS));
    const spokeRows = await system.db.prisma.spokeApplication.findMany({ where: { id: { in: spokes.map((s) => s.id) } } });
    expect(spokeRows.map((r) => r.status)).toEqual(Array(SPOKES).fill(SPOKE_JOURNEY_STATUS));

    // Each email queued once per (process, step): every subject of a journey has the same steps.
    const eoiSteps = await Promise.all(eois.map((e) => outboxSteps(system, e.id)));
    for (const steps of eoiSteps) expect(steps).toEqual(eoiSteps[0]);
    const spokeSteps = await Promise.all(spokes.map((s) => outboxSteps(system, s.id)));
    for (const steps of spokeSteps) expect(steps).toEqual(spokeSteps[0]);
    expect(eoiSteps[0]!.length).toBeGreaterThan(0);
    expect(spokeSteps[0]!.length).toBeGreaterThan(0);

    // Audit: the expected actions per subject, each once.
    const problems = await auditProblems(system, [
      ...eois.map((e) => ({ id: e.id, expected: EOI_JOURNEY_AUDIT })),
      ...spokes.map((s) => ({ id: s.id, expected: SPOKE_JOURNEY_AUDIT })),
    ]);
    expect(problems).toEqual([]);

    // Every outbox message reached the SMTP server; repeats (same Message-ID) are counted apart.
    const emails = await tallyEmails(system);
    recordResult({
      suite: 'worker killed (SIGKILL) mid-batch',
      fault: `kill -9 of the worker process at random moments, ${kills} times; clients retried ${PatientClient.retries - retriesBefore} requests answered 503`,
      trials: kills,
      processes: EOIS + SPOKES,
      processesOk: eois.length + spokes.length,
      emails,
    });
    // The first kill landed while processes were still under way, not after the work was done.
    expect(unfinishedAfterKill[0]).toBeGreaterThan(0);
    expect({ lost: emails.lost, unexpected: emails.unexpected }).toEqual({ lost: 0, unexpected: 0 });
  }, 420_000);
});

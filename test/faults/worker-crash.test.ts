/**
 * kill -9 the worker 20 times at random points while EOIs and spoke applications are driven
 * through the API without pause, restart it each time: every process still reaches its end
 * state, each email is queued once and received (by Message-ID), the audit trail is complete
 * without repeats. Emails sent again after a kill (same Message-ID) are counted for the README's
 * "Guarantees", not asserted: how many land in the instant of a kill is chance.
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

/** Journeys run side by side, each lane starting its next journey when one ends, until the last kill. */
const EOI_LANES = 6;
const SPOKE_LANES = 2;
/** Enough practices for every spoke journey a run can start (each practice applies once). */
const PRACTICES = 60;
const KILLS = 20;

describe('the worker killed with SIGKILL 20 times at random points while EOIs and spoke applications run', () => {
  let system: TestSystem;
  let worker: WorkerProcess;
  let world: FaultWorld;

  const startWorker = () => startWorkerFor(system);

  beforeAll(async () => {
    system = await startTestSystem({}, { role: 'api' });
    worker = await startWorker();
    world = await createFaultWorld(system, { practices: PRACTICES, fundedPlaces: 2_000 });
  }, 300_000);

  afterAll(async () => {
    await worker?.stop();
    await system?.stop();
  }, 180_000);

  it('brings every process to its end state with each email once and the audit trail complete', async () => {
    // Careful clients: while a killed worker's workflow tasks time out, Temporal refuses updates
    // to those processes and the API answers 503; the client sends the same request again.
    const retriesBefore = PatientClient.retries;
    let killing = true;
    let inFlight = 0;
    const running = <T>(journey: () => Promise<T>) => {
      inFlight += 1;
      return journey().finally(() => (inFlight -= 1));
    };
    let eoisStarted = 0;
    let spokesStarted = 0;
    const eoiLane = async () => {
      const done: Awaited<ReturnType<typeof eoiJourney>>[] = [];
      while (killing) done.push(await running(() => eoiJourney(world, `w${eoisStarted++}`, patient)));
      return done;
    };
    const spokeLane = async () => {
      const done: Awaited<ReturnType<typeof spokeJourney>>[] = [];
      while (killing && spokesStarted < PRACTICES) done.push(await running(() => spokeJourney(world, spokesStarted++, patient)));
      return done;
    };
    const eoiLanes = Promise.allSettled(Array.from({ length: EOI_LANES }, eoiLane));
    const spokeLanes = Promise.allSettled(Array.from({ length: SPOKE_LANES }, spokeLane));

    // The killer: KILLS kills at random moments while the lanes keep work in flight, each
    // counting the journeys under way as the worker died. A few seconds between kills let the
    // new worker take over the dead one's workflows (their sticky queue times out) and send mail.
    const inFlightAtKill: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(randomBetween(3_000, 10_000));
      inFlightAtKill.push(inFlight);
      await worker.crash();
      worker = await startWorker();
    }
    const kills = inFlightAtKill.length;
    killing = false;
    const lanes = [...(await eoiLanes), ...(await spokeLanes)];
    const failures = lanes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
    expect(failures).toEqual([]);
    const eois = (await eoiLanes).flatMap((o) => (o.status === 'fulfilled' ? o.value : []));
    const spokes = (await spokeLanes).flatMap((o) => (o.status === 'fulfilled' ? o.value : []));
    // Every process reached its end state, in the read model too.
    expect(eois.map((e) => e.status)).toEqual(Array(eois.length).fill(EOI_JOURNEY_STATUS));
    expect(spokes.map((s) => s.status)).toEqual(Array(spokes.length).fill(SPOKE_JOURNEY_STATUS));
    const rows = await system.db.prisma.eoi.findMany({ where: { id: { in: eois.map((e) => e.id) } } });
    expect(rows.map((r) => r.status)).toEqual(Array(eois.length).fill(EOI_JOURNEY_STATUS));
    const spokeRows = await system.db.prisma.spokeApplication.findMany({ where: { id: { in: spokes.map((s) => s.id) } } });
    expect(spokeRows.map((r) => r.status)).toEqual(Array(spokes.length).fill(SPOKE_JOURNEY_STATUS));

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
      processes: eois.length + spokes.length,
      processesOk: eois.length + spokes.length,
      emails,
    });
    // Every kill landed while processes were under way, not between batches of work.
    expect(inFlightAtKill.filter((n) => n === 0)).toEqual([]);
    expect({ lost: emails.lost, unexpected: emails.unexpected }).toEqual({ lost: 0, unexpected: 0 });
  }, 900_000);
});

/**
 * Stop the SMTP server for 60 s while processes are moving (close it; start it again on the same
 * port): the processes do not wait for mail, every email is delivered after the server returns,
 * and each arrives once by Message-ID.
 */
import { eventually } from '../support/eventually';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestSystem, type TestSystem } from '../support/system';
import { startWorkerFor, type WorkerProcess } from '../support/worker-process';
import {
  auditProblems,
  createFaultWorld,
  EOI_JOURNEY_AUDIT,
  EOI_JOURNEY_STATUS,
  eoiJourney,
  type FaultWorld,
  recordResult,
  sleep,
  SPOKE_JOURNEY_AUDIT,
  SPOKE_JOURNEY_STATUS,
  spokeJourney,
  tallyEmails,
} from './harness';

const EOIS = 6;
const SPOKES = 3;
const OUTAGE_MS = 60_000;

describe('the SMTP server stopped for 60 s', () => {
  let system: TestSystem;
  let worker: WorkerProcess;
  let world: FaultWorld;
  let restarted: TestSmtpServer | undefined;

  beforeAll(async () => {
    system = await startTestSystem({}, { role: 'api' });
    worker = await startWorkerFor(system);
    world = await createFaultWorld(system, { practices: SPOKES });
  }, 180_000);

  afterAll(async () => {
    await restarted?.close();
    await worker?.stop();
    await system?.stop();
  }, 180_000);

  it('delivers every email once after the server returns, and no process waits for mail', async () => {
    const before = system.smtp.received.length;
    await system.smtp.close();
    const stoppedAt = Date.now();

    // The processes move on without mail.
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: EOIS }, (_, i) => eoiJourney(world, `smtp${i}`)),
      ...Array.from({ length: SPOKES }, (_, i) => spokeJourney(world, i)),
    ]);
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
    expect(failures).toEqual([]);
    const results = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(results.map((r) => r.status)).toEqual([...Array(EOIS).fill(EOI_JOURNEY_STATUS), ...Array(SPOKES).fill(SPOKE_JOURNEY_STATUS)]);
    expect(system.smtp.received.length).toBe(before);
    // Deliveries were tried, failed, and wait to be retried.
    await eventually(async () => {
      expect(await system.db.prisma.outboxEmail.count({ where: { status: 'pending', attempts: { gt: 0 } } })).toBeGreaterThan(0);
    }, 'failed delivery attempts');

    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
    const outage = Date.now() - stoppedAt;
    restarted = await startTestSmtpServer(system.smtp.port);
    const received = () => [...system.smtp.received, ...restarted!.received];

    const problems = await auditProblems(system, [
      ...results.slice(0, EOIS).map((e) => ({ id: e.id, expected: EOI_JOURNEY_AUDIT })),
      ...results.slice(EOIS).map((s) => ({ id: s.id, expected: SPOKE_JOURNEY_AUDIT })),
    ]);
    expect(problems).toEqual([]);

    const emails = await tallyEmails(system, { timeoutMs: 180_000, received });
    recordResult({
      suite: 'SMTP server stopped for 60 s',
      fault: `SMTP server closed for ${Math.round(outage / 1000)} s while ${EOIS + SPOKES} journeys ran, restarted on the same port`,
      trials: 1,
      processes: EOIS + SPOKES,
      processesOk: results.length,
      emails,
    });
    expect({ lost: emails.lost, duplicated: emails.duplicated, unexpected: emails.unexpected }).toEqual({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
    });
    expect(emails.expected).toBeGreaterThan(0);
  }, 420_000);
});

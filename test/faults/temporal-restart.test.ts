/**
 * Stop the Temporal server (a production server of this test's own, on its own databases on the
 * PostgreSQL server) and start it again on the same ports and databases: no process is lost,
 * and a timer that came due while the server was down fires after it returns.
 *
 * The timer is a real one on the real server, in real time. An intake starting 27 days from
 * today has its confirmation deadline (startsOn − 28 days, the end of that day in London) already behind it,
 * so a funded EOI turns CONFIRMATION_OVERDUE at once (with the deployment's minimum time to confirm
 * after a late funding, CONFIRMATION_MIN_AFTER_FUNDING, set to none); HEE staff then extend its deadline to a
 * few seconds from now (an extension may be any later instant), the server is stopped before
 * that moment and restarted after it, and the EOI must turn CONFIRMATION_OVERDUE again.
 */
import { ProcessSettingsSchema } from '../../domain/settings';
import { commissioningWorkflowId } from '../../workflows/commissioning.messages';
import { eventually } from '../support/eventually';
import { createIntake, eoiBody } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { startTemporalServer, type TemporalServer } from '../support/temporal-server';
import { startWorkerFor, type WorkerProcess } from '../support/worker-process';
import { createFaultWorld, DATABASE_URL, type FaultWorld, recordResult, sleep, tallyEmails } from './harness';

const OVERDUE_EOIS = 4;
const OPEN_EOIS = 3;
const SPOKES = 3;
const DEADLINE_IN_MS = 25_000;

describe('the Temporal server stopped and restarted on the same ports and databases', () => {
  let temporal: TemporalServer;
  let system: TestSystem;
  let worker: WorkerProcess;
  let world: FaultWorld;

  beforeAll(async () => {
    temporal = await startTemporalServer({ postgresUrl: DATABASE_URL });
    const processSettings = ProcessSettingsSchema.parse({ minDaysToConfirmAfterFunding: 0 });
    system = await startTestSystem({ temporalAddress: temporal.address, processSettings }, { role: 'api' });
    worker = await startWorkerFor(system, { temporalAddress: temporal.address });
    world = await createFaultWorld(system, { practices: SPOKES });
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await system?.stop();
    await temporal?.destroy();
  }, 180_000);

  it('keeps every process and fires the deadline that passed while it was down', async () => {
    const intake = await createIntake(system, world.programme.id, { startsInDays: 27, fundedPlaces: 50 });
    expect(Date.parse(intake.confirmationDueAt)).toBeLessThanOrEqual(Date.now());

    // EOIs funded on that intake: overdue at once.
    const overdue: string[] = [];
    for (let i = 0; i < OVERDUE_EOIS; i++) {
      const submitted = await world.submitter.api.post('/api/eois', eoiBody(world, { intakeId: intake.id, placesRequested: 1 }));
      expect(submitted.status).toBe(201);
      const id = submitted.body.id;
      await world.reviewer.api.post(`/api/eois/${id}/review`, { decision: 'support', comment: 'ok' });
      const funded = await world.staff.api.post(`/api/eois/${id}/funding-decision`, { decision: 'fund', places: 1, comment: 'ok' });
      expect(funded.status).toBe(200);
      overdue.push(id);
    }
    await eventually(async () => {
      const rows = await system.db.prisma.eoi.findMany({ where: { id: { in: overdue } } });
      expect(rows.map((r) => r.status)).toEqual(Array(OVERDUE_EOIS).fill('CONFIRMATION_OVERDUE'));
    }, 'the funded EOIs to be overdue');

    // Other processes in flight: EOIs waiting for review, spoke applications waiting for evidence.
    const open: string[] = [];
    for (let i = 0; i < OPEN_EOIS; i++) {
      const submitted = await world.submitter.api.post('/api/eois', eoiBody(world, { placesRequested: 1 }));
      open.push(submitted.body.id);
    }
    const spokes: { id: string; codes: string[] }[] = [];
    for (const practice of world.practices) {
      const applied = await practice.manager.api.post('/api/spoke-applications', {
        practiceId: practice.id,
        hubId: world.hub.id,
        administrator: { name: 'Ann Admin', email: 'ann@practice.nhs.uk' },
        educationalist: { name: 'Ed Teach', email: 'ed@practice.nhs.uk' },
      });
      expect(applied.status).toBe(201);
      spokes.push({ id: applied.body.id, codes: applied.body.criteria.map((c: { code: string }) => c.code) });
    }

    // A new deadline a few seconds ahead, then the server goes down before it.
    const due = new Date(Date.now() + DEADLINE_IN_MS).toISOString();
    for (const id of overdue) {
      const extended = await world.staff.api.post(`/api/eois/${id}/extension`, { confirmationDueAt: due, reason: 'late recruitment' });
      expect({ status: extended.status, state: extended.body.status }).toEqual({ status: 200, state: 'FUNDED' });
    }
    expect(Date.now()).toBeLessThan(Date.parse(due));
    await temporal.stop();
    const stoppedAt = Date.now();

    // While it is down: reads still answer from the read model; actions say 503, not 500.
    const read = await world.submitter.api.get(`/api/eois/${overdue[0]}`);
    expect({ status: read.status, state: read.body.status }).toEqual({ status: 200, state: 'FUNDED' });
    const refused = await world.reviewer.api.post(`/api/eois/${open[0]}/review`, { decision: 'support', comment: 'ok' });
    expect({ status: refused.status, type: refused.headers.get('content-type') }).toEqual({
      status: 503,
      type: expect.stringContaining('application/problem+json'),
    });
    // Plain records need no workflow (docs/architecture.md): an administrator still adds a hub.
    const hub = await system.admin.post('/api/hubs', { name: 'Hub added while Temporal is down', areas: ['Wigan'] });
    expect(hub.status).toBe(201);
    expect(await system.db.prisma.auditEvent.count({ where: { action: 'hub.created', subjectId: hub.body.id } })).toBe(1);
    await sleep(Math.max(0, Date.parse(due) - Date.now()) + 5_000);
    const downFor = Date.now() - stoppedAt;
    await temporal.start();

    // The deadline that passed while the server was down fires now.
    await eventually(
      async () => {
        const rows = await system.db.prisma.eoi.findMany({ where: { id: { in: overdue } } });
        expect(rows.map((r) => r.status)).toEqual(Array(OVERDUE_EOIS).fill('CONFIRMATION_OVERDUE'));
      },
      'the extended deadlines to pass after the restart',
      90_000,
    );

    // No process was lost: each is still there, running, and takes its next step.
    for (const id of [...overdue, ...open]) {
      const described = await system.client.workflow.getHandle(commissioningWorkflowId(id)).describe();
      expect(described.status.name).toBe('RUNNING');
    }
    for (const id of open) {
      const reviewed = await world.reviewer.api.post(`/api/eois/${id}/review`, { decision: 'support', comment: 'ok' });
      expect({ status: reviewed.status, state: reviewed.body.status }).toEqual({ status: 200, state: 'AWAITING_FUNDING_DECISION' });
    }
    for (const [index, spoke] of spokes.entries()) {
      const manager = world.practices[index]!.manager.api;
      const evidenced = await manager.post(`/api/spoke-applications/${spoke.id}/evidence`, {
        items: spoke.codes.map((code) => ({ criterionCode: code, statement: `How we meet ${code}` })),
      });
      expect({ status: evidenced.status, state: evidenced.body.status }).toEqual({ status: 200, state: 'UNDER_HUB_REVIEW' });
    }
    const listed: string[] = [];
    for await (const wf of system.client.workflow.list({
      query: `TaskQueue = "${system.config.taskQueue}" AND WorkflowType IN ("commissioning", "spokeAccreditation")`,
    })) {
      listed.push(wf.workflowId);
    }
    expect(listed).toHaveLength(OVERDUE_EOIS + OPEN_EOIS + SPOKES);

    // Each overdue EOI was audited overdue twice (before and after the extension), once each.
    // (Sorted: the funding commit and the overdue commit that follows at once run concurrently,
    // and may reach the database in either order.)
    for (const id of overdue) {
      const actions = (await system.db.prisma.auditEvent.findMany({ where: { subjectId: id } })).map((a) => a.action);
      expect(actions.sort()).toEqual(
        [
          'eoi.submitted',
          'eoi.university_supported',
          'eoi.funded',
          'eoi.confirmation_overdue',
          'eoi.deadline_extended',
          'eoi.confirmation_overdue',
        ].sort(),
      );
    }

    const emails = await tallyEmails(system);
    recordResult({
      suite: 'Temporal server stopped and restarted',
      fault: `Temporal server stopped (SIGTERM) for ${Math.round(downFor / 1000)} s over a deadline, restarted on the same ports and databases`,
      trials: 1,
      processes: OVERDUE_EOIS + OPEN_EOIS + SPOKES,
      processesOk: listed.length,
      emails,
    });
    expect({ lost: emails.lost, duplicated: emails.duplicated, unexpected: emails.unexpected }).toEqual({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
    });
  }, 420_000);
});

/**
 * kill -9 the worker while released places are being offered to the waitlist, restart it, and
 * the totals are still exact: no place lost or given twice, every EOI's state agrees with the
 * intake, every email queued once.
 */
import { eventually } from '../support/eventually';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { startWorkerFor, type WorkerProcess } from '../support/worker-process';

const PLACES = 5;
const EOIS = 15;

describe('intake capacity survives the worker being killed mid-offer', () => {
  let system: TestSystem;
  let worker: WorkerProcess;
  let region: Region;
  const eoiIds: string[] = [];

  const startWorker = () => startWorkerFor(system);

  beforeAll(async () => {
    system = await startTestSystem({}, { role: 'api' });
    worker = await startWorker();
    region = await createRegion(system, { fundedPlaces: PLACES });
    for (let i = 0; i < EOIS; i++) {
      const submitted = await region.submitter.api.post('/api/eois', eoiBody(region, { placesRequested: 1 }));
      eoiIds.push(submitted.body.id);
      const reviewed = await region.reviewer.api.post(`/api/eois/${submitted.body.id}/review`, { decision: 'support', comment: 'ok' });
      expect([submitted.status, reviewed.status, reviewed.body]).toEqual([
        201,
        200,
        expect.objectContaining({ status: 'AWAITING_FUNDING_DECISION' }),
      ]);
    }
    for (const id of eoiIds) {
      const funded = await region.staff.api.post(`/api/eois/${id}/funding-decision`, { decision: 'fund', places: 1, comment: 'fund' });
      expect({ status: funded.status, body: funded.status === 200 ? undefined : funded.body }).toEqual({ status: 200, body: undefined });
    }
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await system?.stop();
  });

  async function consistent() {
    const capacity = (await region.staff.api.get(`/api/intakes/${region.intake.id}/capacity`)).body;
    const rows = await system.db.prisma.eoi.findMany({ where: { intakeId: region.intake.id } });
    const funded = rows.filter((r) => r.status === 'FUNDED');
    const waitlisted = rows.filter((r) => r.status === 'WAITLISTED');
    expect(funded.reduce((sum, r) => sum + r.allocatedPlaces, 0)).toBe(capacity.allocated);
    expect(capacity.allocated).toBe(PLACES);
    expect(capacity.waitlist.map((w: { eoiId: string }) => w.eoiId).sort()).toEqual(waitlisted.map((r) => r.id).sort());
    for (const { eoiId, position } of capacity.waitlist) expect(waitlisted.find((r) => r.id === eoiId)!.waitlistPosition).toBe(position);
    return { capacity, funded, waitlisted };
  }

  it.each([1, 2])(
    'round %i: withdrawals with a worker crash in the middle end with exact totals',
    async (round) => {
      const before = await eventually(consistent, 'a consistent starting point');
      const promotedNext = before.capacity.waitlist.slice(0, PLACES).map((w: { eoiId: string }) => w.eoiId);

      // Withdraw every funded EOI; the worker dies while the intake is making its offers.
      const withdrawals = before.funded.map((row) =>
        region.submitter.api.post(`/api/eois/${row.id}/withdrawal`, { reason: `round ${round}` }),
      );
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(Math.random() * 250)));
      await worker.crash();
      worker = await startWorker();
      const answers = await Promise.all(withdrawals);
      expect(answers.map((a) => a.body.status)).toEqual(Array(before.funded.length).fill('WITHDRAWN'));

      const after = await eventually(
        async () => {
          const state = await consistent();
          expect(state.funded.map((r) => r.id).sort()).toEqual([...promotedNext].sort());
          return state;
        },
        'offers to settle after the restart',
        60_000,
      );
      expect(after.waitlisted).toHaveLength(before.waitlisted.length - PLACES);

      // Each email was queued once per (process, step), and none was lost. A message the mail
      // server accepted in the instant before the kill can be sent again after it: it carries the
      // same Message-ID, which is how mail systems recognise a repeat.
      const outbox = await system.db.prisma.outboxEmail.findMany({ where: { subjectType: 'eoi' } });
      expect(new Set(outbox.map((o) => o.key)).size).toBe(outbox.length);
      await eventually(
        async () => {
          expect(await system.db.prisma.outboxEmail.count({ where: { status: 'pending' } })).toBe(0);
        },
        'the outbox to drain',
        60_000,
      );
      const sent = await system.db.prisma.outboxEmail.findMany({ select: { messageId: true } });
      const received = new Set(system.smtp.received.map((m) => m.messageId));
      expect(sent.filter((o) => !received.has(o.messageId))).toEqual([]);
      expect([...received].filter((id) => !sent.some((o) => o.messageId === id))).toEqual([]);
    },
    180_000,
  );
});

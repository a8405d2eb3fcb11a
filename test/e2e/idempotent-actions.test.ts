/**
 * Process actions honour an Idempotency-Key (README "Guarantees"): a repeated action answers as
 * the first attempt did and is taken once, even when the first answer was lost after the workflow
 * had made the change (the API's stored answer gone, so only the Temporal Update id can tell).
 */
import { commissioningWorkflowId } from '../../workflows/commissioning.messages';
import { createRegion, eoiBody, type Region, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

describe('Idempotency-Key on process actions', () => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function submitEoi(): Promise<string> {
    const submitted = await region.submitter.api.post('/api/eois', eoiBody(region));
    expect(submitted.status).toBe(201);
    return submitted.body.id;
  }

  /** What the EOI's history and audit trail hold for one action. */
  async function recorded(eoiId: string, historyAction: string, auditAction: string) {
    const eoi = await region.staff.api.get(`/api/eois/${eoiId}`);
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: eoiId, action: auditAction } });
    return {
      history: eoi.body.history.filter((entry: { action: string }) => entry.action === historyAction).length,
      audit: audit.length,
    };
  }

  /** The API's stored answer for a key: what a crash or a 503 after the Update leaves (nothing). */
  const loseStoredAnswer = (user: RegionUser, key: string) =>
    system.db.prisma.idempotencyRecord.deleteMany({ where: { userId: user.id, key } });

  const support = { decision: 'support', comment: 'Strong case' };

  it('answers a repeated review with the first answer, reviews once, and refuses the key with another body', async () => {
    const id = await submitEoi();
    const first = await region.reviewer.api.post(`/api/eois/${id}/review`, support, { 'Idempotency-Key': 'review-once' });
    const again = await region.reviewer.api.post(`/api/eois/${id}/review`, support, { 'Idempotency-Key': 'review-once' });

    expect(first.status).toBe(200);
    expect(first.body.status).toBe('AWAITING_FUNDING_DECISION');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await recorded(id, 'university_supported', 'eoi.university_supported')).toEqual({ history: 1, audit: 1 });

    const other = await region.reviewer.api.post(
      `/api/eois/${id}/review`,
      { decision: 'decline', comment: 'Changed my mind' },
      { 'Idempotency-Key': 'review-once' },
    );
    expect(other.status).toBe(409);
    expect(other.body.errors).toEqual([{ path: 'headers.Idempotency-Key', message: 'already used with a different request' }]);
    expect((await region.staff.api.get(`/api/eois/${id}`)).body.status).toBe('AWAITING_FUNDING_DECISION');
  });

  it('answers a repeat whose first answer was lost with the first outcome, not a conflict with the new state', async () => {
    const id = await submitEoi();
    const first = await region.reviewer.api.post(`/api/eois/${id}/review`, support, { 'Idempotency-Key': 'review-lost' });
    expect(first.status).toBe(200);
    expect(await loseStoredAnswer(region.reviewer, 'review-lost')).toEqual({ count: 1 });

    const again = await region.reviewer.api.post(`/api/eois/${id}/review`, support, { 'Idempotency-Key': 'review-lost' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBeNull(); // Temporal's Update id answered, not the stored answer
    expect(again.body).toEqual(first.body);
    expect(await recorded(id, 'university_supported', 'eoi.university_supported')).toEqual({ history: 1, audit: 1 });

    // Without a key the repeat is a second review, judged against the state the first one left.
    const unkeyed = await region.reviewer.api.post(`/api/eois/${id}/review`, support);
    expect(unkeyed.status).toBe(409);
    expect(unkeyed.body).toMatchObject({ state: 'AWAITING_FUNDING_DECISION' });
  });

  it('answers a repeated withdrawal whose answer was lost after its workflow closed, and refuses a new key on the closed EOI', async () => {
    const id = await submitEoi();
    const withdrawal = { reason: 'Post frozen' };
    const first = await region.submitter.api.post(`/api/eois/${id}/withdrawal`, withdrawal, { 'Idempotency-Key': 'withdraw-lost' });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('WITHDRAWN');
    await system.client.workflow.getHandle(commissioningWorkflowId(id)).result();
    expect(await loseStoredAnswer(region.submitter, 'withdraw-lost')).toEqual({ count: 1 });

    const again = await region.submitter.api.post(`/api/eois/${id}/withdrawal`, withdrawal, { 'Idempotency-Key': 'withdraw-lost' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const fresh = await region.submitter.api.post(`/api/eois/${id}/withdrawal`, withdrawal, { 'Idempotency-Key': 'withdraw-new' });
    expect(fresh.status).toBe(409);
    expect(fresh.body).toMatchObject({ state: 'WITHDRAWN', allowedActions: [] });
  });
});

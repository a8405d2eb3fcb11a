/**
 * The edges of spoke accreditation over HTTP: another practice's manager and another hub's lead
 * never see or touch an application (404), a role that does not take an action is refused (403),
 * and an action out of order is a 409 that names the state and what the caller may do instead.
 */
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { Actor } from '../../domain/roles';
import { spokeAccreditation } from '../../workflows/spoke-accreditation';
import { openedUpdate, spokeWorkflowId } from '../../workflows/spoke-accreditation.messages';
import { createUser, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { createWorld, expectProblem, type World } from './fixtures/world';

describe('spoke applications: scope and state boundaries', () => {
  let system: TestSystem;
  let world: World;
  let otherManager: RegionUser;
  let otherLead: RegionUser;
  let applicationId: string;
  const people = {
    administrator: { name: 'Ann Admin', email: 'ann@farnworth.nhs.uk' },
    educationalist: { name: 'Ed Educator', email: 'ed@farnworth.nhs.uk' },
  };

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
    otherManager = await createUser(system, {
      name: 'Pia Other',
      email: 'pia@heaton-moor.nhs.uk',
      role: 'practice_manager',
      practiceId: world.otherPractice.id,
    });
    otherLead = await createUser(system, {
      name: 'Hope Other',
      email: 'hope@stockport-hub.nhs.uk',
      role: 'hub_lead',
      hubId: world.otherHub.id,
    });
    const applied = await world.users.practice_manager.client.post('/api/spoke-applications', {
      practiceId: world.practice.id,
      hubId: world.hub.id,
      ...people,
    });
    expect(applied.status).toBe(201);
    applicationId = applied.body.id;
    // The hub has its own criteria set: the application is pinned to it, not to the example.
    expect(applied.body.criteriaSet).toMatchObject({ id: world.criteriaSet.id, version: 1, isExample: false });
    expect(applied.body.criteria.map((c: { code: string }) => c.code)).toEqual(['C1']);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const manager = () => world.users.practice_manager.client;
  const manager_ = (): Actor => ({
    userId: world.users.practice_manager.id,
    role: 'practice_manager',
    name: 'A practice_manager',
    practiceId: world.practice.id,
  });
  const lead = () => world.users.hub_lead.client;
  const staff = () => world.users.hee_staff.client;

  it('hides an application from another practice’s manager and another hub’s lead (404), and from their lists', async () => {
    for (const outsider of [otherManager.api, otherLead.api]) {
      expectProblem(await outsider.get(`/api/spoke-applications/${applicationId}`), 404);
      const list = await outsider.get('/api/spoke-applications');
      expect(list.status).toBe(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(applicationId);
      // Naming our hub or practice in a filter does not widen the scope.
      const filtered = await outsider.get(`/api/spoke-applications?hubId=${world.hub.id}&practiceId=${world.practice.id}`);
      expect(filtered.body.items).toEqual([]);
    }
    expectProblem(
      await otherManager.api.post(`/api/spoke-applications/${applicationId}/evidence`, {
        items: [{ criterionCode: 'C1', statement: 'x' }],
      }),
      404,
    );
    expectProblem(
      await otherLead.api.post(`/api/spoke-applications/${applicationId}/evidence-review`, {
        items: [{ criterionCode: 'C1', decision: 'accept', comment: '' }],
      }),
      404,
    );
    expectProblem(await otherManager.api.post(`/api/spoke-applications/${applicationId}/withdrawal`, { reason: 'not mine' }), 404);

    // Our own people and regional staff do see it.
    for (const insider of [manager(), lead(), staff(), world.users.admin.client]) {
      expect((await insider.get(`/api/spoke-applications/${applicationId}`)).status).toBe(200);
    }
    // Roles outside the process do not read it at all.
    expectProblem(await world.users.org_submitter.client.get('/api/spoke-applications'), 403);
    expectProblem(await world.users.university_reviewer.client.get(`/api/spoke-applications/${applicationId}`), 403);
  });

  it('refuses a practice manager applying for another practice (403), an unknown hub (400) and a second open application (409)', async () => {
    const forOther = await manager().post('/api/spoke-applications', {
      practiceId: world.otherPractice.id,
      hubId: world.hub.id,
      ...people,
    });
    expectProblem(forOther, 403);
    expect(forOther.body.errors).toEqual([{ path: 'body.practiceId', message: 'not your practice' }]);

    const unknownHub = await manager().post('/api/spoke-applications', { practiceId: world.practice.id, hubId: 'hub_missing', ...people });
    expectProblem(unknownHub, 400);
    expect(unknownHub.body.errors).toEqual([{ path: 'body.hubId', message: 'no such hub' }]);

    // The practice is a spoke of world.hub: it applies to that hub only.
    const otherHub = await manager().post('/api/spoke-applications', {
      practiceId: world.practice.id,
      hubId: world.otherHub.id,
      ...people,
    });
    expectProblem(otherHub, 400);
    expect(otherHub.body.errors).toEqual([{ path: 'body.hubId', message: `the practice belongs to hub ${world.hub.id}` }]);

    const missingPerson = await manager().post('/api/spoke-applications', {
      practiceId: world.practice.id,
      hubId: world.hub.id,
      administrator: people.administrator,
    });
    expectProblem(missingPerson, 400);
    expect(missingPerson.body.errors.map((e: { path: string }) => e.path)).toContain('body.educationalist');

    const second = await manager().post('/api/spoke-applications', { practiceId: world.practice.id, hubId: world.hub.id, ...people });
    expectProblem(second, 409);
    expect(second.body).toMatchObject({ existingApplicationId: applicationId });

    expectProblem(await lead().post('/api/spoke-applications', { practiceId: world.practice.id, hubId: world.hub.id, ...people }), 403);
  });

  it('refuses a role that does not take an action with 403, even in scope', async () => {
    expectProblem(
      await lead().post(`/api/spoke-applications/${applicationId}/evidence`, { items: [{ criterionCode: 'C1', statement: 'x' }] }),
      403,
    );
    expectProblem(
      await manager().post(`/api/spoke-applications/${applicationId}/evidence-review`, {
        items: [{ criterionCode: 'C1', decision: 'accept', comment: '' }],
      }),
      403,
    );
    expectProblem(await manager().post(`/api/spoke-applications/${applicationId}/approval`, { decision: 'approve', comment: '' }), 403);
    expectProblem(await lead().post(`/api/spoke-applications/${applicationId}/suspension`, { reason: 'x' }), 403);
    expectProblem(await world.users.admin.client.post(`/api/spoke-applications/${applicationId}/withdrawal`, { reason: 'x' }), 403);
  });

  it('answers an action out of order with 409 naming the state and the caller’s allowed actions, and changes nothing', async () => {
    const sign = await manager().post(`/api/spoke-applications/${applicationId}/agreement-signature`, { signedBy: 'Dr P' });
    expectProblem(sign, 409);
    expect(sign.body).toMatchObject({ state: 'AWAITING_EVIDENCE', allowedActions: ['evidence', 'withdrawal'] });

    const review = await lead().post(`/api/spoke-applications/${applicationId}/evidence-review`, {
      items: [{ criterionCode: 'C1', decision: 'accept', comment: '' }],
    });
    expectProblem(review, 409);
    expect(review.body).toMatchObject({ state: 'AWAITING_EVIDENCE', allowedActions: [] });

    const approval = await staff().post(`/api/spoke-applications/${applicationId}/approval`, { decision: 'approve', comment: '' });
    expectProblem(approval, 409);
    expect(approval.body).toMatchObject({ state: 'AWAITING_EVIDENCE', allowedActions: ['withdrawal'] });

    const suspension = await staff().post(`/api/spoke-applications/${applicationId}/suspension`, { reason: 'concerns' });
    expectProblem(suspension, 409);
    expect(suspension.body.state).toBe('AWAITING_EVIDENCE');

    const unknown = await manager().post(`/api/spoke-applications/${applicationId}/evidence`, {
      items: [
        { criterionCode: 'C1', statement: 'Our administrator is Ann' },
        { criterionCode: 'C9', statement: 'Nothing' },
      ],
    });
    expectProblem(unknown, 400);
    expect(unknown.body.errors).toEqual([{ path: 'body.items.1.criterionCode', message: expect.stringContaining('not a criterion') }]);

    const read = await manager().get(`/api/spoke-applications/${applicationId}`);
    expect(read.body).toMatchObject({ status: 'AWAITING_EVIDENCE', evidence: [{ criterionCode: 'C1', status: 'missing' }] });
    expect(read.body.history).toHaveLength(1);
  });

  it('closes an application on withdrawal: later actions are 409 with no allowed actions, and the practice may apply again', async () => {
    const withdrawn = await manager().post(`/api/spoke-applications/${applicationId}/withdrawal`, { reason: 'Not this year' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'WITHDRAWN', allowedActions: [] });

    const late = await manager().post(`/api/spoke-applications/${applicationId}/evidence`, {
      items: [{ criterionCode: 'C1', statement: 'x' }],
    });
    expectProblem(late, 409);
    expect(late.body).toMatchObject({ state: 'WITHDRAWN', allowedActions: [] });
    const lateStaff = await staff().post(`/api/spoke-applications/${applicationId}/reinstatement`, { reason: 'x' });
    expectProblem(lateStaff, 409);
    expect(lateStaff.body).toMatchObject({ state: 'WITHDRAWN', allowedActions: [] });

    // Two applications at once (different keys): exactly one opens, the other is refused.
    const body = { practiceId: world.practice.id, hubId: world.hub.id, ...people };
    const racing = await Promise.all([
      manager().post('/api/spoke-applications', body, { 'Idempotency-Key': 'race-a' }),
      manager().post('/api/spoke-applications', body, { 'Idempotency-Key': 'race-b' }),
    ]);
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    const opened = racing.find((r) => r.status === 201)!;
    expect(opened.body.id).not.toBe(applicationId);
    const open = await manager().get(`/api/spoke-applications?practiceId=${world.practice.id}&status=AWAITING_EVIDENCE`);
    expect(open.body.items.map((a: { id: string }) => a.id)).toEqual([opened.body.id]);
    const listed = await manager().get(`/api/spoke-applications?practiceId=${world.practice.id}&status=WITHDRAWN`);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([applicationId]);
  });

  it('refuses a second open application in the process itself, not only in the API (a request that passed the API’s check)', async () => {
    const id = `spoke_direct_${Date.now()}`;
    const attempt = system.client.workflow.executeUpdateWithStart(openedUpdate, {
      args: [{ actor: manager_() }],
      startWorkflowOperation: new WithStartWorkflowOperation(spokeAccreditation, {
        workflowId: spokeWorkflowId(id),
        taskQueue: system.config.taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [
          {
            application: { id, practiceId: world.practice.id, hubId: world.hub.id, ...people, appliedBy: manager_() },
            settings: system.config.processSettings,
          },
        ],
      }),
    });
    await expect(attempt).rejects.toMatchObject({ cause: { type: 'ActionRejected', details: [expect.objectContaining({ status: 409 })] } });
    expect(await system.db.prisma.spokeApplication.findUnique({ where: { id } })).toBeNull();
    expect(await system.client.workflow.getHandle(spokeWorkflowId(id)).result()).toMatchObject({ refused: { status: 409 } });
  });

  it('pages through the list with a cursor, and refuses a cursor it did not issue', async () => {
    const all = await staff().get('/api/spoke-applications');
    expect(all.body.items.length).toBeGreaterThanOrEqual(2);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await staff().get(`/api/spoke-applications?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(1);
      seen.push(page.body.items[0].id);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((a: { id: string }) => a.id));
    // Oldest first, like every list: the order people opened them in, not the order of random ids.
    const opened = all.body.items.map((a: { createdAt: string }) => a.createdAt);
    expect(opened).toEqual([...opened].sort());
    expectProblem(await staff().get('/api/spoke-applications?cursor=bogus'), 400);
    expectProblem(await staff().get('/api/spoke-applications?status=PENDING'), 400);
  });
});

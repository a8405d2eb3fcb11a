/**
 * The action plan of a quality visit over HTTP on real servers: the visit-outcome request takes
 * actions (each a description, an owner named in the application and a London due date); the
 * application waits in ACTIONS_IN_PROGRESS with a deadline per action; the hub lead (or HEE staff)
 * completes each one, and only then sends it for HEE approval. Bad input is 400 naming the field
 * and changes nothing, the practice is 403, another hub's lead 404. Dates from the system's clock.
 */
import { randomBytes } from 'node:crypto';
import { addCalendarDays, endOfLondonDay, londonDateOf } from '../../domain/london-calendar';
import { createUser, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

describe('a quality visit’s action plan over HTTP', () => {
  let system: TestSystem;
  let hub: { id: string };
  let practice: { id: string };
  let manager: RegionUser;
  let secondManager: RegionUser;
  let secondPractice: { id: string };
  let lead: RegionUser;
  let otherLead: RegionUser;
  let staff: RegionUser;
  const tag = randomBytes(3).toString('hex');
  const educationalistEmail = `ed.${tag}@astley.nhs.uk`;

  const ok = async (response: Promise<{ status: number; body: any; text: string }>, what: string) => {
    const answer = await response;
    if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
    return answer.body;
  };

  /** A new application taken through evidence, review and a scheduled visit: its outcome is next. */
  async function visited(by = manager, practiceId = practice.id): Promise<{ id: string; path: string }> {
    const application = await ok(
      by.api.post('/api/spoke-applications', {
        practiceId,
        hubId: hub.id,
        administrator: { name: 'Ann Admin', email: `ann.${tag}@astley.nhs.uk` },
        educationalist: { name: 'Ed Teach', email: educationalistEmail },
      }),
      'an application',
    );
    const path = `/api/spoke-applications/${application.id}`;
    const codes: string[] = application.criteria.map((c: { code: string }) => c.code);
    await ok(
      by.api.post(`${path}/evidence`, { items: codes.map((code) => ({ criterionCode: code, statement: `We meet ${code}` })) }),
      'evidence',
    );
    await ok(
      lead.api.post(`${path}/evidence-review`, { items: codes.map((code) => ({ criterionCode: code, decision: 'accept', comment: '' })) }),
      'review',
    );
    const scheduledFor = new Date(system.now().getTime() + 14 * 24 * 3600 * 1000).toISOString();
    await ok(lead.api.post(`${path}/visit`, { scheduledFor }), 'visit');
    return { id: application.id, path };
  }

  beforeAll(async () => {
    system = await startTestSystem();
    hub = await ok(system.admin.post('/api/hubs', { name: `Atherton Hub ${tag}`, areas: ['Atherton'] }), 'hub');
    const otherHub = await ok(system.admin.post('/api/hubs', { name: `Wigan Hub ${tag}`, areas: ['Wigan'] }), 'other hub');
    practice = await ok(
      system.admin.post('/api/practices', {
        name: 'Astley Surgery',
        odsCode: `P${randomBytes(3).toString('hex').toUpperCase()}`,
        isTrainingPractice: false,
        hubId: hub.id,
      }),
      'practice',
    );
    manager = await createUser(system, {
      name: 'Pat Manager',
      email: `pat.${tag}@astley.nhs.uk`,
      role: 'practice_manager',
      practiceId: practice.id,
    });
    secondPractice = await ok(
      system.admin.post('/api/practices', {
        name: 'Tyldesley Surgery',
        odsCode: `P${randomBytes(3).toString('hex').toUpperCase()}`,
        isTrainingPractice: false,
        hubId: hub.id,
      }),
      'second practice',
    );
    secondManager = await createUser(system, {
      name: 'Tia Manager',
      email: `tia.${tag}@tyldesley.nhs.uk`,
      role: 'practice_manager',
      practiceId: secondPractice.id,
    });
    lead = await createUser(system, { name: 'Hal Lead', email: `hal.${tag}@atherton-hub.nhs.uk`, role: 'hub_lead', hubId: hub.id });
    otherLead = await createUser(system, {
      name: 'Hope Other',
      email: `hope.${tag}@wigan-hub.nhs.uk`,
      role: 'hub_lead',
      hubId: otherHub.id,
    });
    staff = await createUser(system, { name: 'Hana Staff', email: `hana.${tag}@hee.nhs.uk`, role: 'hee_staff' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('records the plan, refuses bad actions naming the field, completes each action, then sends the application to HEE', async () => {
    const { id, path } = await visited();
    const today = londonDateOf(system.now());
    const actions = [
      { description: 'Write an induction pack for learners', owner: 'educationalist', dueDate: addCalendarDays(today, 10) },
      { description: 'Book protected teaching time', owner: 'hub_lead', dueDate: addCalendarDays(today, 20) },
    ];
    const outcome = (planned: unknown[]) => ({ outcome: 'actions_required', notes: 'Two things to put right', actions: planned });
    const unchanged = async () => {
      const read = await lead.api.get(path);
      expect(read.body).toMatchObject({ status: 'VISIT_PENDING' });
      expect(read.body.actionPlan).toBeUndefined();
    };

    // Bad input: 400 naming the field, nothing changed.
    const refusals: [unknown, string][] = [
      [outcome([{ ...actions[0], owner: 'receptionist' }]), 'body.actions.0.owner'],
      [outcome([actions[0], { ...actions[1], dueDate: '2027-02-30' }]), 'body.actions.1.dueDate'],
      [outcome([{ ...actions[0], dueDate: addCalendarDays(today, -1) }]), 'body.actions.0.dueDate'],
      [outcome([{ ...actions[0], description: ' ' }]), 'body.actions.0.description'],
      [{ ...outcome(actions), criteria: ['C1'] }, 'body.criteria'],
      [{ outcome: 'satisfactory', notes: 'Fine', actions }, 'body.actions'],
    ];
    for (const [body, field] of refusals) {
      const refused = await lead.api.post(`${path}/visit-outcome`, body);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    await unchanged();
    // Another hub's lead never sees it; the practice cannot record the outcome.
    expect((await otherLead.api.post(`${path}/visit-outcome`, outcome(actions))).status).toBe(404);
    expect((await manager.api.post(`${path}/visit-outcome`, outcome(actions))).status).toBe(403);
    await unchanged();

    const planned = await lead.api.post(`${path}/visit-outcome`, outcome(actions));
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({
      status: 'ACTIONS_IN_PROGRESS',
      actionPlan: {
        visitNumber: 1,
        actions: [
          { id: 'A1', owner: 'educationalist', dueAt: endOfLondonDay(actions[0]!.dueDate) },
          { id: 'A2', owner: 'hub_lead', dueAt: endOfLondonDay(actions[1]!.dueDate) },
        ],
      },
      allowedActions: ['action-completion'],
    });
    const deadlines = await system.db.prisma.deadline.findMany({ where: { subjectId: id }, orderBy: { dueAt: 'asc' } });
    expect(deadlines.map((d) => [d.key, d.ownerRole, d.dueAt.toISOString()])).toEqual([
      ['action-A1', 'practice_manager', endOfLondonDay(actions[0]!.dueDate)],
      ['action-A2', 'hub_lead', endOfLondonDay(actions[1]!.dueDate)],
    ]);
    const mail = await system.smtp.waitFor(
      1,
      (m) => m.to.includes(educationalistEmail) && m.subject.includes('Action plan after the quality visit'),
    );
    expect(mail[0]!.text).toContain('A1: Write an induction pack for learners');

    // Not before every action is complete; not an unknown action; not by the practice or another hub.
    const early = await lead.api.post(`${path}/approval-request`, {});
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ state: 'ACTIONS_IN_PROGRESS', allowedActions: ['action-completion'] });
    const unknown = await lead.api.post(`${path}/action-completion`, { actionId: 'A7' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'body.actionId' })]);
    expect((await lead.api.post(`${path}/action-completion`, {})).body.errors).toEqual([
      expect.objectContaining({ path: 'body.actionId' }),
    ]);
    expect((await manager.api.post(`${path}/action-completion`, { actionId: 'A1' })).status).toBe(403);
    expect((await otherLead.api.post(`${path}/action-completion`, { actionId: 'A1' })).status).toBe(404);
    expect((await lead.api.get(path)).body.actionPlan.actions.map((a: { completedAt?: string }) => a.completedAt)).toEqual([
      undefined,
      undefined,
    ]);

    const first = await lead.api.post(`${path}/action-completion`, { actionId: 'A1' });
    expect(first.status).toBe(200);
    expect(first.body.actionPlan.actions[0]).toMatchObject({ completedBy: { name: 'Hal Lead' } });
    expect((await lead.api.post(`${path}/action-completion`, { actionId: 'A1' })).status).toBe(409);
    const second = await ok(staff.api.post(`${path}/action-completion`, { actionId: 'A2' }), 'HEE staff completing A2');
    expect(second.status).toBe('ACTIONS_IN_PROGRESS');
    expect(second.allowedActions).toEqual(['withdrawal', 'approval-request', 'follow-up-visit']);
    const afterActions = await system.db.prisma.deadline.findMany({ where: { subjectId: id } });
    expect(afterActions.map((d) => [d.key, d.ownerRole])).toEqual([['after-actions', 'hub_lead']]);

    const sent = await lead.api.post(`${path}/approval-request`, { comment: 'Everything is in place' });
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('AWAITING_HEE_APPROVAL');
    expect(sent.body.history.slice(-4).map((h: { action: string }) => h.action)).toEqual([
      'visit-outcome',
      'action-completion',
      'action-completion',
      'approval-request',
    ]);
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: id, action: { startsWith: 'spoke.action' } } });
    expect(audit.map((a) => a.actorId).sort()).toEqual([lead.id, staff.id].sort());
    await system.smtp.waitFor(1, (m) => m.to.includes(staff.email) && m.subject.includes('awaiting HEE approval'));
  });

  it('schedules a follow-up visit once every action is complete, refusing a date in the past', async () => {
    const { path } = await visited(secondManager, secondPractice.id);
    const dueDate = addCalendarDays(londonDateOf(system.now()), 5);
    await ok(
      lead.api.post(`${path}/visit-outcome`, {
        outcome: 'actions_required',
        notes: 'One thing',
        actions: [{ description: 'Name a deputy educationalist', owner: 'practice_manager', dueDate }],
      }),
      'the plan',
    );
    const early = await lead.api.post(`${path}/follow-up-visit`, {
      scheduledFor: new Date(system.now().getTime() + 7 * 86400000).toISOString(),
    });
    expect(early.status).toBe(409);
    await ok(lead.api.post(`${path}/action-completion`, { actionId: 'A1' }), 'completion');
    const past = await lead.api.post(`${path}/follow-up-visit`, {
      scheduledFor: new Date(system.now().getTime() - 86400000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ path: 'body.scheduledFor' })]);
    const scheduledFor = new Date(system.now().getTime() + 7 * 86400000).toISOString();
    const followUp = await lead.api.post(`${path}/follow-up-visit`, { scheduledFor });
    expect(followUp.status).toBe(200);
    expect(followUp.body).toMatchObject({
      status: 'VISIT_PENDING',
      visit: { number: 2, scheduledFor },
      allowedActions: ['visit', 'visit-outcome'],
    });
  });
});
